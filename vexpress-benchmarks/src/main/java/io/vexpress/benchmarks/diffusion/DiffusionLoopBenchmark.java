package io.vexpress.benchmarks.diffusion;

import io.vexpress.Precision;
import io.vexpress.core.denoise.ClassifierFreeGuidance;
import io.vexpress.core.denoise.ContextWindows;
import io.vexpress.core.denoise.WindowAccumulator;
import io.vexpress.core.noise.TorchGenerator;
import io.vexpress.core.scheduler.DdimScheduler;
import io.vexpress.core.scheduler.SchedulerConfig;
import io.vexpress.core.tensor.FloatTensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-step arithmetic of V-Express's loop on its latent shape {@code [1, 4, 24, 64, 64]} (512x512 video, one
 * 24-frame window): 393,216 elements. Divide the reported time by {@link #ELEMENTS} for ns/element.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class DiffusionLoopBenchmark {
    /** Elements of one [1, 4, 24, 64, 64] latent tensor. */
    public static final int ELEMENTS = 4 * 24 * 64 * 64;

    private DdimScheduler ddim;
    private FloatTensor sample;
    private FloatTensor modelOutput;
    private FloatTensor guided;
    private WindowAccumulator accumulator;
    private final ClassifierFreeGuidance guidance = new ClassifierFreeGuidance(0.5);
    private FloatTensor windowPrediction;

    @Setup
    public void setUp() {
        TorchGenerator g = new TorchGenerator(42, Precision.FP32);
        sample = FloatTensor.zeros(1, 4, 24, 64, 64);
        modelOutput = FloatTensor.zeros(1, 4, 24, 64, 64);
        guided = FloatTensor.zeros(2, 4, 24, 64, 64);
        g.fillStandardNormal(sample);
        g.fillStandardNormal(modelOutput);
        g.fillStandardNormal(guided);
        ddim = new DdimScheduler(SchedulerConfig.VEXPRESS, 25);
        // two windows of 24 over 44 frames: 0..23 and 20..43
        ContextWindows windows = ContextWindows.uniform(44, 24, 4);
        accumulator = new WindowAccumulator(windows, new int[] {1, 4, 44, 64, 64});
        windowPrediction = FloatTensor.zeros(1, 4, 24, 64, 64);
        g.fillStandardNormal(windowPrediction);
    }

    /** One DDIM v-prediction step (step 12 of 25) over all 24 frames, frame by frame as the loop does. */
    @Benchmark
    public FloatTensor ddimStep() {
        ddim.stepAll(12, modelOutput, sample);
        return sample;
    }

    /**
     * Classifier-free guidance on a doubled [2, 4, 24, 64, 64] prediction, in place. The scale is 0.5 rather than
     * V-Express's 3.5 only so that repeating it in place converges instead of overflowing; the work is the same.
     */
    @Benchmark
    public FloatTensor guidanceCombine() {
        guidance.combineInPlace(guided);
        return guided;
    }

    /**
     * One step's accumulation for a 44-frame video (two 24-frame windows): each window prediction divided by the
     * frames' coverage counts and added to the per-frame sums ({@code 2 * ELEMENTS} elements).
     */
    @Benchmark
    public FloatTensor perFrameAccumulation() {
        accumulator.add(0, windowPrediction);
        accumulator.add(1, windowPrediction);
        return accumulator.sums();
    }
}
