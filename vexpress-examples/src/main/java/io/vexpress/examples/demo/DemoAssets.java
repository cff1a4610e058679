package io.vexpress.examples.demo;

import io.vexpress.ModelBundles;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.Services;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The inputs the demo and the example programs run on, all shipped in (or made by) this jar: the tiny
 * random-weight model bundle, a drawn portrait, an espeak-ng speech clip and a keypoint sequence.
 */
public final class DemoAssets {
    static final String SPEECH_RESOURCE = "io/vexpress/examples/demo/speech.wav";

    /** What the demo says about the models, in its output and in README. */
    public static final String STAND_IN_NOTICE = """
            The demo runs the tiny contract models bundled in this jar: random-weight stand-ins with the real \
            models' inputs and outputs, which prove that the whole pipeline runs. Its video shows noise, not a \
            talking face. For real results export the V-Express weights into a model bundle with tools/export \
            (see docs/model-bundle.md) and run 'vexpress generate --models DIR ...'.""";

    private final Path folder;

    private DemoAssets(Path folder) {
        this.folder = folder;
    }

    /**
     * Writes every demo input into {@code folder}: {@code tiny-bundle/}, {@code portrait.png},
     * {@code speech.wav} and {@code kps.pth} (a head motion as long as the speech at {@code fps}).
     */
    public static DemoAssets create(Path folder, double fps) {
        return create(folder, fps, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #create(Path, double)}, with the speech cut to its first {@code maxSeconds} seconds (a quicker
     * demo on a slow machine).
     */
    public static DemoAssets create(Path folder, double fps, double maxSeconds) {
        if (!(maxSeconds > 0)) {
            throw new io.vexpress.InvalidInputException("The demo needs more than 0 seconds of speech, got " + maxSeconds + ".");
        }
        try {
            Files.createDirectories(folder);
            DemoAssets assets = new DemoAssets(folder);
            copyTinyBundle(assets.bundle());
            ImageIO.write(DemoPortrait.draw(), "png", assets.portrait().toFile());
            try (InputStream in = resource(SPEECH_RESOURCE)) {
                Files.write(assets.speech(), SpeechClip.cut(in.readAllBytes(), maxSeconds));
            }
            int frames = (int) Math.ceil(speechSeconds(assets.speech()) * fps);
            KeypointSequence motion = DemoMotion.headMotion(DemoPortrait.KEYPOINTS, frames, fps);
            Services.require(KeypointSequenceCodec.class, "vexpress-media").write(motion, assets.keypoints());
            return assets;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo inputs into " + folder + ": " + e.getMessage(), e);
        }
    }

    public Path folder() {
        return folder;
    }

    /** The tiny random-weight model bundle. */
    public Path bundle() {
        return folder.resolve("tiny-bundle");
    }

    /** The drawn portrait, 512x512 PNG; its face's keypoints are {@link DemoPortrait#KEYPOINTS}. */
    public Path portrait() {
        return folder.resolve("portrait.png");
    }

    /** The speech, 16 kHz mono WAV. */
    public Path speech() {
        return folder.resolve("speech.wav");
    }

    /** The driving keypoint sequence (kps.pth as V-Express writes it). */
    public Path keypoints() {
        return folder.resolve("kps.pth");
    }

    /** Duration of the demo's 16-bit mono PCM WAV. */
    static double speechSeconds(Path wav) throws IOException {
        return SpeechClip.seconds(Files.readAllBytes(wav));
    }

    /** Copies the tiny bundle out of vexpress-core's jar ({@link ModelBundles#TINY}). */
    static void copyTinyBundle(Path target) {
        ModelBundles.unpack(ModelBundles.TINY, target);
    }

    private static InputStream resource(String name) {
        InputStream in = DemoAssets.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("Missing class-path resource " + name + ": the jar is incomplete.");
        }
        return in;
    }

    /** Deletes a folder tree, best effort (the demo's temporary inputs). */
    public static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a temporary folder
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
