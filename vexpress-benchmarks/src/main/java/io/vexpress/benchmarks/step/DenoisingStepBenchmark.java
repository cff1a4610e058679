package io.vexpress.benchmarks.step;

import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.FrameSink;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoOutput;
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
 * What Java adds to a denoising step, measured through the public API on a real generation.
 *
 * <p>One operation is a whole generation of one 24-frame context window (0.8 s of audio at 30 fps) at
 * 512x512 with classifier-free guidance (batch 2), with {@code steps} denoising steps. Everything but the
 * denoising loop (inputs, reference net, keypoint guider, audio, VAE decoding) is the same for 2 and for 12
 * steps, so the difference of the two scores divided by 10 is the cost of one step, and the difference of
 * their {@code gc.alloc.rate.norm} divided by 10 is what one step allocates ({@link StepCostReport} prints
 * both from JMH's JSON results).
 *
 * <ul>
 *   <li>{@code shape-faithful}: the real V-Express input and output sizes (latents {@code [2,4,24,64,64]},
 *       16 reference features at SD-1.5 shapes, audio tokens {@code [48,5,768]}, keypoint features
 *       {@code [2,320,24,64,64]}) through models whose compute is trivial: the step cost is what the SDK adds
 *       around the model (gathering the window, binding ~350 MB of inputs, guidance, accumulation, the
 *       scheduler step) plus ONNX Runtime's own per-call overhead.
 *   <li>{@code tiny}: vexpress-core's tiny random-weight networks, real compute at tiny channel counts, as
 *       the yardstick the issue asks for.
 * </ul>
 * Frames go to a sink that drops them, with the median filter off, so encoding does not dilute the
 * difference. Run it with {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "-XX:MaxDirectMemorySize=3g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class DenoisingStepBenchmark {
    static final int SIZE = 512;
    static final int SAMPLE_RATE = 16_000;
    /** 0.8 s at 30 fps: exactly one context window of 24 frames. */
    static final double AUDIO_SECONDS = 0.8;

    @Param({"shape-faithful", "tiny"})
    String bundle;

    @Param({"2", "12"})
    int steps;

    private Path folder;
    private TalkingHeadGenerator generator;
    private GenerationRequest request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("vexpress-bench-step");
        Path models = BenchmarkBundles.copy(bundle, folder);
        generator = TalkingHeadGenerator.builder().setModelBundle(models).optIntraOpThreads(2).build();
        request = GenerationRequest.builder()
                .setReferenceImage(portrait())
                .setAudio(speech())
                .optReferenceKeypoints(new FaceKeypoints(206f, 236f, 306f, 236f, 256f, 296f))
                .optRetargetStrategy(RetargetStrategy.FIX_FACE)
                .optSteps(steps)
                .optMedianFilter(false)
                .setOutput(new DroppingOutput())
                .build();
        GenerationResult first = generator.generate(request);
        if (first.frameCount() != 24) {
            throw new IllegalStateException("expected one window of 24 frames, got " + first.frameCount());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        generator.close();
        BenchmarkBundles.delete(folder);
    }

    @Benchmark
    public GenerationResult generateOneWindow() {
        return generator.generate(request);
    }

    /** A 512x512 test pattern. */
    static RgbImage portrait() {
        byte[] rgb = new byte[SIZE * SIZE * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 31 % 251);
        }
        return RgbImage.of(SIZE, SIZE, rgb);
    }

    private static PcmAudio speech() {
        float[] samples = new float[(int) Math.round(AUDIO_SECONDS * SAMPLE_RATE)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / SAMPLE_RATE));
        }
        return PcmAudio.mono(samples, SAMPLE_RATE);
    }

    /** Accepts the frames and keeps nothing, so the benchmark measures generation, not encoding. */
    static final class DroppingOutput implements VideoOutput {
        @Override
        public FrameSink open(io.vexpress.media.VideoFormat format) {
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
