package io.vexpress.examples;

import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Renders the frames into your own sink instead of an MP4: here a folder of numbered PNG files, written
 * into a temporary folder and moved into place only when the video is complete, so a failed or
 * cancelled generation leaves nothing behind (the {@link FrameSink} contract).
 *
 * <pre>java -cp vexpress.jar io.vexpress.examples.CustomFrameSinkExample [models ref.jpg aud.mp3 kps.pth frames-folder]</pre>
 */
public final class CustomFrameSinkExample {
    private CustomFrameSinkExample() {
    }

    public static void main(String[] args) {
        ExampleInputs in = ExampleInputs.fromArgs(args, "frames");
        GenerationResult result = run(in);
        System.out.println("Wrote " + result.frameCount() + " PNG frames into " + in.output());
    }

    /** Generates into a PNG folder at {@code in.output()}; used by {@link #main} and the tests. */
    public static GenerationResult run(ExampleInputs in) {
        try (TalkingHeadGenerator generator = TalkingHeadGenerator.builder().setModelBundle(in.models()).build()) {
            GenerationRequest.Builder request = GenerationRequest.builder()
                    .setReferenceImage(in.referenceImage())
                    .setAudio(in.audio())
                    .optSteps(in.steps())
                    .setOutput(new PngFolderOutput(in.output()));
            in.referenceKeypoints().ifPresent(request::optReferenceKeypoints);
            return generator.generate(request.build());
        }
    }

    /** A {@link VideoOutput} that writes {@code frame-00000.png}, {@code frame-00001.png}... into a folder. */
    static final class PngFolderOutput implements VideoOutput {
        private final Path folder;

        PngFolderOutput(Path folder) {
            this.folder = folder;
        }

        @Override
        public FrameSink open(VideoFormat format) {
            try {
                Path parent = folder.toAbsolutePath().getParent();
                Files.createDirectories(parent);
                return new PngFolderSink(Files.createTempDirectory(parent, ".frames-"), folder);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String describe() {
            return "PNG frames in " + folder;
        }
    }

    private static final class PngFolderSink implements FrameSink {
        private final Path temporary;
        private final Path target;
        private int next;
        private boolean committed;

        PngFolderSink(Path temporary, Path target) {
            this.temporary = temporary;
            this.target = target;
        }

        @Override
        public void write(RgbImage frame) {
            BufferedImage img = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < frame.height(); y++) {
                for (int x = 0; x < frame.width(); x++) {
                    img.setRGB(x, y, frame.channel(x, y, 0) << 16 | frame.channel(x, y, 1) << 8 | frame.channel(x, y, 2));
                }
            }
            try {
                ImageIO.write(img, "png", temporary.resolve(String.format(Locale.ROOT, "frame-%05d.png", next++)).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void commit() {
            try {
                deleteTree(target);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            if (!committed) {
                deleteTree(temporary);
            }
        }

        private static void deleteTree(Path folder) {
            if (!Files.exists(folder)) {
                return;
            }
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
