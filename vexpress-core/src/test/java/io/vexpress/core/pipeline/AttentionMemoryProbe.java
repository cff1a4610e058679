package io.vexpress.core.pipeline;

import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.MemoryMode;
import io.vexpress.RetargetStrategy;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.FrameSink;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;

/**
 * One generation in its own JVM, for {@link AttentionMemoryTest} (and for measuring other bundles by hand):
 * the given bundle at the given size, fix_face with given reference keypoints, 12-frame windows overlapping by
 * 4, one guided step, frames counted and dropped by the sink. Prints {@code frames=N} and the process's peak
 * resident set ({@code VmHWM} of {@code /proc/self/status}) as {@code peak_rss_kib=N}.
 *
 * <p>Arguments: bundle folder, frames of video (12 = one window, 20 = two), size in pixels (square).
 */
public final class AttentionMemoryProbe {
    private AttentionMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        int frames = Integer.parseInt(args[1]);
        int size = Integer.parseInt(args[2]);
        int[] written = {0};
        long start = System.nanoTime();
        try (VExpressGenerator generator = new VExpressGenerator(TinyBundle.config(bundle, Device.cpu(), MemoryMode.KEEP_LOADED))) {
            GenerationResult result = generator.generate(request(size, frames, written));
            System.out.printf("%dx%d: %d frames, %.1f s, stages %s%n", size, size, result.frameCount(),
                    (System.nanoTime() - start) / 1e9, new TreeMap<>(result.stageTimings()));
        }
        System.out.println("frames=" + written[0]);
        System.out.println("peak_rss_kib=" + peakKib());
    }

    private static GenerationRequest request(int size, int frames, int[] written) {
        Random r = new Random(7);
        byte[] rgb = new byte[size * size * 3];
        r.nextBytes(rgb);
        double fps = 30;
        // inference.py's length rule keeps int(duration * fps) frames; half a frame more keeps rounding away
        float[] wave = new float[(int) Math.round((frames + 0.5) / fps * 16000)];
        for (int i = 0; i < wave.length; i++) {
            wave[i] = (float) (0.3 * Math.sin(i * 0.05) + 0.05 * r.nextGaussian());
        }
        float s = size / 512f;
        return GenerationRequest.builder()
                .setReferenceImage(RgbImage.of(size, size, rgb))
                .setAudio(PcmAudio.mono(wave, 16000))
                .optRetargetStrategy(RetargetStrategy.FIX_FACE)
                .optReferenceKeypoints(new FaceKeypoints(190 * s, 220 * s, 320 * s, 221 * s, 255 * s, 300 * s))
                .optWidth(size)
                .optHeight(size)
                .optFps(fps)
                .optContextFrames(12)
                .optContextOverlap(4)
                .optSteps(1)
                .setOutput(format -> new FrameSink() {
                    @Override
                    public void write(RgbImage frame) {
                        written[0]++;
                    }

                    @Override
                    public void commit() {
                    }

                    @Override
                    public void close() {
                    }
                })
                .build();
    }

    private static long peakKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }
}
