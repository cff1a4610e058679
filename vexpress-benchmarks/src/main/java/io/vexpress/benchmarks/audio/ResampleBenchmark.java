package io.vexpress.benchmarks.audio;

import io.vexpress.core.audio.SincResampler;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Resampling one second of speech to V-Express's 16 kHz with the torchaudio-identical sinc resampler,
 * from the common recording rates. The score is the time per second of audio.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ResampleBenchmark {
    @Param({"44100", "48000", "22050"})
    int fromRate;

    private SincResampler resampler;
    private float[] oneSecond;

    @Setup
    public void setUp() {
        resampler = SincResampler.of(fromRate, 16_000);
        SplittableRandom random = new SplittableRandom(1);
        oneSecond = new float[fromRate];
        for (int i = 0; i < oneSecond.length; i++) {
            oneSecond[i] = (float) (0.3 * Math.sin(i * 0.05) + 0.05 * (random.nextDouble() - 0.5));
        }
    }

    @Benchmark
    public float[] resampleOneSecondTo16k() {
        return resampler.apply(oneSecond);
    }
}
