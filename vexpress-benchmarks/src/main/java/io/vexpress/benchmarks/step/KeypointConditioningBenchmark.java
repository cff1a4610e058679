package io.vexpress.benchmarks.step;

import io.vexpress.core.pipeline.WindowKeypointsFixture;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The keypoint conditioning of one denoising window call, alone: what the SDK does for the keypoints of one context
 * window in one step before the UNet runs (model-bundle format 2: the window's faces painted into its 8-bit
 * {@code kps_images} input from the runs of colour the keypoint stage drew once; the guider runs inside the UNet
 * call). {@link DenoisingStepBenchmark}'s
 * {@code windowCall} includes this and the model call; here it is resolved to microseconds, without ONNX Runtime's
 * per-call noise.
 *
 * <p>Same videos as {@link DenoisingStepBenchmark}: {@code still} (one face on every frame) or {@code moving} (a
 * different face on every frame, so every position of every window is repainted on every call: the worst case) at
 * 10 s (14 windows) and 60 s (89 windows), 512x512; each operation is the next window in the loop's order. The
 * issue's bound is 1 % of a 172 ms step: 1.7 ms per window per step, the same at both lengths. Run with
 * {@code -prof gc}: it allocates nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KeypointConditioningBenchmark {
    @Param({"still-10s", "still-60s", "moving-10s", "moving-60s"})
    String video;

    private WindowKeypointsFixture fixture;

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new WindowKeypointsFixture(DenoisingStepBenchmark.keypoints(video), DenoisingStepBenchmark.SIZE);
    }

    @Benchmark
    public long windowKeypoints() {
        return fixture.showNext();
    }
}
