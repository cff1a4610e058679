package io.vexpress.benchmarks.postprocess;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vexpress.CancellationToken;
import io.vexpress.core.postprocess.FrameOutputPipeline;
import io.vexpress.core.postprocess.VideoPostFilter;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoEncoder;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A generation's last stage at 512x512, per frame: the tiny bundle's VAE decoder on ONNX Runtime (the same
 * call and {@code (x / 2 + 0.5).clamp(0, 1)} as the engine's frame decoder), the post-filter (quantisation
 * + 3x3x3 median) and the MP4 encoder of vexpress-media, over a 32-frame video. {@code sequential} runs the
 * three one after another on one thread (the engine before pipelining), {@code pipelined} on three threads
 * with two row threads for the median (the engine's choice on 2 cores); {@code decodeOnly},
 * {@code postFilterOnly} (two row threads) and {@code encodeOnly} time each part alone, so the pipelined time
 * can be compared with the slowest part and with their sum. {@code ortSpinning=0} (the engine's setting for the
 * VAE decoder, see ModelSession) stops ONNX Runtime's idle intra-op threads from spinning, which otherwise take
 * the processors the other stages need; {@code 1} is ONNX Runtime's default, for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 3)
public class OutputPipelineBenchmark {
    static final int SIZE = 512;
    static final int FRAMES = 32;
    private static final int LATENT = SIZE / 8;

    /** ONNX Runtime's {@code session.intra_op.allow_spinning}: 0 (the engine's VAE decoder) or 1 (its default). */
    @Param({"0", "1"})
    String ortSpinning;

    private Path folder;
    private OrtEnvironment environment;
    private OrtSession decoder;
    private OrtSession.RunOptions options;
    private float[][] latents;
    private FloatBuffer latent;
    private FloatBuffer image;
    private OnnxTensor latentTensor;
    private OnnxTensor imageTensor;
    private VideoEncoder encoder;
    private float[][] decoded;
    private List<RgbImage> filtered;
    private int outputs;

    @Setup(Level.Trial)
    public void setUp() throws IOException, OrtException {
        folder = Files.createTempDirectory("vexpress-output-bench");
        environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            // the engine's settings (core.runtime.ExecutionSettings, ModelSession), spinning as the parameter
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setInterOpNumThreads(1);
            o.addConfigEntry("session.intra_op.allow_spinning", ortSpinning);
            decoder = environment.createSession(resource("/io/vexpress/benchmarks/step/tiny-bundle/vae_decoder.onnx"), o);
        }
        options = new OrtSession.RunOptions();
        latent = ByteBuffer.allocateDirect(4 * 4 * LATENT * LATENT).order(ByteOrder.nativeOrder()).asFloatBuffer();
        image = ByteBuffer.allocateDirect(4 * 3 * SIZE * SIZE).order(ByteOrder.nativeOrder()).asFloatBuffer();
        latentTensor = OnnxTensor.createTensor(environment, latent, new long[] {1, 4, LATENT, LATENT});
        imageTensor = OnnxTensor.createTensor(environment, image, new long[] {1, 3, SIZE, SIZE});
        SplittableRandom random = new SplittableRandom(3);
        latents = new float[FRAMES][4 * LATENT * LATENT];
        for (float[] l : latents) {
            for (int i = 0; i < l.length; i++) {
                l[i] = (float) (random.nextGaussian() * 0.9);
            }
        }
        encoder = Services.require(VideoEncoder.class, "vexpress-media");
        decoded = new float[FRAMES][];
        for (int f = 0; f < FRAMES; f++) {
            FloatBuffer pixels = decode(f);
            decoded[f] = new float[pixels.remaining()];
            pixels.get(decoded[f]);
        }
        filtered = new ArrayList<>();
        try (VideoPostFilter post = new VideoPostFilter(SIZE, SIZE, true, filtered::add)) {
            for (float[] d : decoded) {
                post.push(d, 0);
            }
            post.finish();
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = OutputPipelineBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing benchmark resource " + name + "; rebuild vexpress-benchmarks.");
            }
            return in.readAllBytes();
        }
    }

    /** The engine's FrameDecoder.decode: latent / 0.18215, the VAE decoder, (x / 2 + 0.5).clamp(0, 1). */
    private FloatBuffer decode(int frame) {
        float[] l = latents[frame];
        float inverse = (float) (1 / 0.18215);
        for (int i = 0; i < l.length; i++) {
            latent.put(i, inverse * l[i]);
        }
        try {
            decoder.run(Map.of("latent", latentTensor), Set.of(), Map.of("image", imageTensor), options).close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0, n = image.capacity(); i < n; i++) {
            float v = image.get(i) / 2f + 0.5f;
            image.put(i, v < 0f ? 0f : (v > 1f ? 1f : v));
        }
        return image.duplicate().clear();
    }

    private FrameSink openMp4() {
        return encoder.open(folder.resolve("out-" + (outputs++ % 4) + ".mp4"), VideoFormat.silent(SIZE, SIZE, 30, FRAMES));
    }

    private void runPipeline(FrameOutputPipeline.Threading threading, int rowThreads) {
        try (FrameSink sink = openMp4()) {
            new FrameOutputPipeline(SIZE, SIZE, true, threading, rowThreads)
                    .run(FRAMES, this::decode, sink, n -> { }, new CancellationToken());
            sink.commit();
        }
    }

    /**
     * The JVM's CPU time (all its threads, ONNX Runtime's and FFmpeg's included) next to the wall time: two
     * processors can at best halve it, which bounds what pipelining can reach on them.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        /** CPU microseconds spent, summed over the iteration; divide by {@link #frames}. */
        public long cpuMicros;
        public long frames;
        private long started;

        void start() {
            started = OS.getProcessCpuTime();
        }

        void stop() {
            cpuMicros += (OS.getProcessCpuTime() - started) / 1000;
            frames += FRAMES;
        }
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void sequential(CpuTime cpu) {
        cpu.start();
        runPipeline(FrameOutputPipeline.Threading.SEQUENTIAL, 1);
        cpu.stop();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void pipelined(CpuTime cpu) {
        cpu.start();
        runPipeline(FrameOutputPipeline.Threading.PIPELINED, 2);
        cpu.stop();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void decodeOnly(Blackhole blackhole, CpuTime cpu) {
        cpu.start();
        for (int f = 0; f < FRAMES; f++) {
            blackhole.consume(decode(f).get(0));
        }
        cpu.stop();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void postFilterOnly(Blackhole blackhole, CpuTime cpu) {
        cpu.start();
        try (VideoPostFilter post = new VideoPostFilter(SIZE, SIZE, true, 2, blackhole::consume)) {
            for (float[] d : decoded) {
                post.push(d, 0);
            }
            post.finish();
        }
        cpu.stop();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES)
    public void encodeOnly(CpuTime cpu) {
        cpu.start();
        try (FrameSink sink = openMp4()) {
            for (RgbImage frame : filtered) {
                sink.write(frame);
            }
            sink.commit();
        }
        cpu.stop();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        imageTensor.close();
        latentTensor.close();
        options.close();
        decoder.close();
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
