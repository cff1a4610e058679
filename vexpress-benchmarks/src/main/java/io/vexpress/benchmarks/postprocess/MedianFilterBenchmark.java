package io.vexpress.benchmarks.postprocess;

import io.vexpress.core.postprocess.VideoPostFilter;
import io.vexpress.media.RgbImage;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * V-Express's post-processing of one decoded 512x512 frame: truncating quantisation to 8 bits and the
 * 3x3x3 median filter over time, height and width ({@code medianFilter=true}, V-Express's behaviour), or
 * quantisation alone ({@code false}) to show what the median costs. Frames stream through one filter, as
 * in a generation; each alternates between two decoded frames so the median has real work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MedianFilterBenchmark {
    static final int SIZE = 512;

    @Param({"true", "false"})
    boolean medianFilter;

    private VideoPostFilter filter;
    private float[][] frames;
    private long next;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        filter = new VideoPostFilter(SIZE, SIZE, medianFilter, this::consume);
        SplittableRandom random = new SplittableRandom(7);
        frames = new float[2][3 * SIZE * SIZE];
        for (float[] frame : frames) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        double smooth = 0.5 + 0.3 * Math.sin(x * 0.03 + c) * Math.cos(y * 0.02);
                        frame[(c * SIZE + y) * SIZE + x] = (float) Math.min(1, Math.max(0, smooth + 0.05 * random.nextGaussian()));
                    }
                }
            }
        }
    }

    private void consume(RgbImage frame) {
        sink.consume(frame);
    }

    @Benchmark
    public void postProcessOneFrame() {
        filter.push(frames[(int) (next++ & 1)], 0);
    }
}
