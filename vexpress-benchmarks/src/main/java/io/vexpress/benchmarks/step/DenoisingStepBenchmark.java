package io.vexpress.benchmarks.step;

import io.vexpress.core.denoise.VideoTiming;
import io.vexpress.core.pipeline.WindowCallFixture;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One denoising window call, timed directly: what the SDK does for one context window in one step (the window's
 * keypoint conditioning, binding the inputs, the guided UNet run at batch 2) at 512x512 with 24-frame windows.
 *
 * <p>The video is {@code video}: {@code still} keypoints (one face for every frame, as {@code fix_face}) or
 * {@code moving} ones (a different face on every frame, the case whose cost used to grow with the number of
 * distinct faces), 10 s (284 frames, 14 windows) or 60 s (1784 frames, 89 windows) at 30 fps. Each operation is
 * the next window in the loop's order, so consecutive calls show different faces as in a real step. Each
 * iteration also prints the process's page faults per call (see {@link #endIteration}): a process that faults
 * about 770 times per call is in glibc's slow mode, whatever the keypoints.
 *
 * <ul>
 *   <li>{@code shape-faithful}: the real V-Express input and output sizes (latents {@code [2,4,24,64,64]}, 16
 *       reference features at SD-1.5 shapes, audio tokens {@code [48,5,768]}, the window's keypoint input)
 *       through models whose compute is trivial: the score is what the SDK adds around the model plus ONNX
 *       Runtime's own per-call cost;
 *   <li>{@code tiny}: vexpress-core's tiny random-weight networks, real compute at tiny channel counts.
 * </ul>
 * The diffusion arithmetic around the call (DDIM step, guidance, accumulation) is {@code DiffusionLoopBenchmark}'s.
 * Run with {@code -prof gc} for the bytes allocated per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:MaxDirectMemorySize=3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DenoisingStepBenchmark {
    static final int SIZE = 512;
    static final int SAMPLE_RATE = 16_000;
    static final FaceKeypoints FACE = new FaceKeypoints(206f, 236f, 306f, 236f, 256f, 296f);

    @Param({"shape-faithful", "tiny"})
    String bundle;

    @Param({"still-10s", "still-60s", "moving-10s", "moving-60s"})
    String video;

    private Path folder;
    private WindowCallFixture fixture;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("vexpress-bench-step");
        Path models = BenchmarkBundles.copy(bundle, folder);
        fixture = new WindowCallFixture(models, keypoints(video), speech(seconds(video)), portrait(), SIZE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        fixture.close();
        BenchmarkBundles.delete(folder);
    }

    private long faultsAtStart;
    private long callsInIteration;

    @Setup(Level.Iteration)
    public void startIteration() {
        faultsAtStart = PageFaults.minor();
        callsInIteration = 0;
    }

    /**
     * Prints the process's page faults per call: ONNX Runtime (arena off, the engine's default) allocates a call's
     * intermediate tensors with glibc's malloc, and whether a 3 MB one comes as fresh pages every time (about 800
     * faults per call) depends on glibc's dynamic mmap threshold, which a process may or may not have raised: two
     * modes that differ by about 1.3 ms per call (vexpress-benchmarks/README.md).
     */
    @TearDown(Level.Iteration)
    public void endIteration() {
        long faults = PageFaults.minor();
        if (faults >= 0 && faultsAtStart >= 0 && callsInIteration > 0) {
            System.out.printf("[page faults per call: %.1f] ", (faults - faultsAtStart) / (double) callsInIteration);
        }
    }

    @Benchmark
    public void windowCall() {
        fixture.callNext();
        callsInIteration++;
    }

    /** The driving keypoints of {@code still-<n>s} (one face on every frame) or {@code moving-<n>s} ({@link #headMotion}) at 30 fps. */
    static KeypointSequence keypoints(String video) {
        boolean moving = switch (video.split("-")[0]) {
            case "still" -> false;
            case "moving" -> true;
            default -> throw new IllegalArgumentException("video must be still-<n>s or moving-<n>s, got " + video);
        };
        int frames = VideoTiming.of(seconds(video), 30, 24, 4).frames();
        return moving ? headMotion(frames) : KeypointSequence.repeat(FACE, frames);
    }

    static double seconds(String video) {
        String[] parts = video.split("-");
        if (parts.length != 2 || !parts[1].endsWith("s")) {
            throw new IllegalArgumentException("video must be still-<n>s or moving-<n>s, got " + video);
        }
        return Double.parseDouble(parts[1].substring(0, parts[1].length() - 1));
    }

    /** A nodding, turning head: every frame a different face. */
    static KeypointSequence headMotion(int frames) {
        float[] xy = new float[frames * 6];
        float[] base = FACE.toArray();
        for (int f = 0; f < frames; f++) {
            float dx = (float) (12 * Math.sin(f / 9.0) + 0.01 * f);
            float dy = (float) (8 * Math.cos(f / 13.0));
            for (int p = 0; p < 3; p++) {
                xy[f * 6 + 2 * p] = base[2 * p] + dx * (p == 2 ? 1.4f : 1f);
                xy[f * 6 + 2 * p + 1] = base[2 * p + 1] + dy;
            }
        }
        return KeypointSequence.of(xy);
    }

    /** A 512x512 test pattern. */
    static RgbImage portrait() {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 31 % 251);
        }
        return RgbImage.of(SIZE, SIZE, rgb);
    }

    static float[] speech(double seconds) {
        float[] samples = new float[(int) Math.round(seconds * SAMPLE_RATE)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / SAMPLE_RATE));
        }
        return samples;
    }
}
