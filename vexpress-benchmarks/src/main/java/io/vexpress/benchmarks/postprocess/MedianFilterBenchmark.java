package io.vexpress.benchmarks.postprocess;

import io.vexpress.core.postprocess.MedianStagesFixture;
import io.vexpress.core.postprocess.VideoPostFilter;
import io.vexpress.core.postprocess.WordwiseMedianFilter;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * V-Express's post-processing of one decoded 512x512 frame: truncating quantisation to 8 bits and the
 * 3x3x3 median filter over time, height and width, handed on as an {@code RgbImage}. {@code filter}, each a
 * whole frame (quantisation and median) unless said: {@code previous} is the implementation before the
 * bit-sliced median (a sorting network, one thread; {@link PreviousPostFilter}); {@code bitsliced-1} /
 * {@code bitsliced-2} the bit-sliced median before it was vectorised, word by word, with one or two row threads
 * ({@link WordwiseMedianFilter}, kept as the same-run baseline); {@code vectorised-1} / {@code vectorised-2}
 * today's {@link VideoPostFilter}; {@code load-only-2} and {@code median-only-2} today's two stages apart, with
 * two threads (quantisation into bit planes; the median of three loaded frames), so that the median alone is
 * measured, not inferred; {@code quantise-only} the filter switched off (quantisation and RGB interleave, one
 * thread). Frames stream through one filter, as in a generation, alternating between two decoded frames so
 * the median has real work.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MedianFilterBenchmark {
    static final int SIZE = 512;

    @Param({"previous", "bitsliced-1", "bitsliced-2", "vectorised-1", "vectorised-2", "load-only-2", "median-only-2",
            "quantise-only"})
    String filter;

    private VideoPostFilter current;
    private PreviousPostFilter previous;
    private WordwiseMedianFilter wordwise;
    private MedianStagesFixture stages;
    private float[][] frames;
    private long next;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        switch (filter) {
            case "previous" -> previous = new PreviousPostFilter(SIZE, SIZE, this::consume);
            case "bitsliced-1" -> wordwise = new WordwiseMedianFilter(SIZE, SIZE, 1, rgb -> consume(RgbImage.of(SIZE, SIZE, rgb)));
            case "bitsliced-2" -> wordwise = new WordwiseMedianFilter(SIZE, SIZE, 2, rgb -> consume(RgbImage.of(SIZE, SIZE, rgb)));
            case "vectorised-1" -> current = new VideoPostFilter(SIZE, SIZE, true, 1, this::consume);
            case "vectorised-2" -> current = new VideoPostFilter(SIZE, SIZE, true, 2, this::consume);
            case "load-only-2", "median-only-2" -> stages = new MedianStagesFixture(SIZE, SIZE, 2);
            case "quantise-only" -> current = new VideoPostFilter(SIZE, SIZE, false, 1, this::consume);
            default -> throw new IllegalArgumentException(filter);
        }
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
        if (stages != null) {
            for (int slot = 0; slot < 3; slot++) {
                stages.load(slot, frames[slot & 1]);
            }
        }
    }

    private void consume(RgbImage frame) {
        sink.consume(frame);
    }

    @TearDown
    public void tearDown() {
        if (current != null) {
            current.close();
        }
        if (wordwise != null) {
            wordwise.close();
        }
        if (stages != null) {
            stages.close();
        }
    }

    @Benchmark
    public void postProcessOneFrame() {
        float[] frame = frames[(int) (next++ & 1)];
        switch (filter) {
            case "previous" -> previous.push(frame);
            case "bitsliced-1", "bitsliced-2" -> wordwise.push(frame);
            case "load-only-2" -> stages.load(1, frame);
            case "median-only-2" -> sink.consume(stages.filter());
            default -> current.push(frame, 0);
        }
    }
}
