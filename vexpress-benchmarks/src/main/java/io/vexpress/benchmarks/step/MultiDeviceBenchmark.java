package io.vexpress.benchmarks.step;

import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.FrameSink;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import io.vexpress.progress.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * One generation over several UNet sessions ({@code optDevices}) against one session, on the same cores.
 *
 * <p>One operation is a whole guided generation at 512x512 of 2.8 s of audio at 30 fps: 84 frames, four
 * 24-frame context windows per step, {@value #STEPS} steps, on the tiny bundle (real compute at tiny widths).
 * {@code layout} is {@code sessions x intra-op threads per session}: {@code 1x2} is the baseline (one CPU session
 * using both cores of the build machine), {@code 2x1} and {@code 2x2} run two CPU sessions side by side. The
 * secondary results {@code denoisingMs / generations} are the DENOISING stage alone (what the sessions share out); the ratio of
 * a layout's score to {@code 1x2}'s in the same run is its speed-up. On a machine with N GPUs use
 * {@code cuda:0..N-1} instead; this benchmark only shows what the dispatch costs or gains on the CPU.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:MaxDirectMemorySize=3g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 10)
public class MultiDeviceBenchmark {
    static final int STEPS = 3;
    static final double AUDIO_SECONDS = 2.8;

    @Param({"1x2", "1x1", "2x1", "2x2"})
    String layout;

    private Path folder;
    private TalkingHeadGenerator generator;
    private GenerationRequest request;

    /** The denoising stage's share: {@code denoisingMs / generations} is its time per operation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Stages {
        public double denoisingMs;
        public long generations;

        @Setup(Level.Iteration)
        public void reset() {
            denoisingMs = 0;
            generations = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String[] parts = layout.split("x");
        int sessions = Integer.parseInt(parts[0]);
        int threads = Integer.parseInt(parts[1]);
        folder = Files.createTempDirectory("vexpress-bench-devices");
        Path models = BenchmarkBundles.copy("tiny", folder);
        generator = TalkingHeadGenerator.builder().setModelBundle(models)
                .optDevices(Collections.nCopies(sessions, Device.cpu()))
                .optIntraOpThreads(threads).build();
        float[] samples = new float[(int) Math.round(AUDIO_SECONDS * 16_000)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        }
        request = GenerationRequest.builder()
                .setReferenceImage(DenoisingStepBenchmark.portrait())
                .setAudio(PcmAudio.mono(samples, 16_000))
                .optReferenceKeypoints(new FaceKeypoints(206f, 236f, 306f, 236f, 256f, 296f))
                .optRetargetStrategy(RetargetStrategy.FIX_FACE)
                .optSteps(STEPS)
                .optMedianFilter(false)
                .setOutput(new DroppingOutput())
                .build();
        GenerationResult first = generator.generate(request);
        if (first.frameCount() != 84) {
            throw new IllegalStateException("expected 84 frames (4 windows), got " + first.frameCount());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        generator.close();
        BenchmarkBundles.delete(folder);
    }

    @Benchmark
    public GenerationResult generate(Stages stages) {
        GenerationResult result = generator.generate(request);
        stages.denoisingMs += result.stageTimings().get(Stage.DENOISING).toNanos() / 1e6;
        stages.generations++;
        return result;
    }

    /** Frames dropped: the benchmark times the denoising, not the encoder. */
    private static final class DroppingOutput implements VideoOutput {
        @Override
        public FrameSink open(VideoFormat format) {
            return new FrameSink() {
                @Override
                public void write(RgbImage frame) {
                    // dropped
                }

                @Override
                public void commit() {
                    // nothing to complete
                }

                @Override
                public void close() {
                    // nothing held
                }
            };
        }
    }
}
