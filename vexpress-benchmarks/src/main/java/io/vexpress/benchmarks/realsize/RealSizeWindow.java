package io.vexpress.benchmarks.realsize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.MemoryMode;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.memory.ProcessMemory;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.FrameSink;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.Stage;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real-size benchmark (not a test): one guided 24-frame window, one denoising step, at W x H through the
 * public API on a bundle (the SD-1.5-size random-weight export for the real size), with the large-GEMM baseline
 * of ONNX Runtime's own MatMul measured in the same JVM. Prints the GEMM rate, each stage's time, the resident
 * memory at each stage's start and its peak during the stage, and the whole run's peak (VmHWM).
 *
 * <p>Arguments: {@code BUNDLE [SIZE=512] [keep|release=release]}. Run under the heavy lock (see
 * vexpress-benchmarks/README.md, "The real size").
 */
public final class RealSizeWindow {
    private RealSizeWindow() {
    }

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        MemoryMode mode = args.length > 2 && args[2].equals("keep") ? MemoryMode.KEEP_LOADED : MemoryMode.RELEASE_AFTER_STAGE;
        double gemm = gemmGflops(2048);
        System.out.printf(Locale.ROOT, "ONNX Runtime MatMul 2048^3: %.1f GFLOP/s (best of 5)%n", gemm);

        Map<Stage, Long> startRss = new EnumMap<>(Stage.class);
        Map<Stage, Long> peakRss = new EnumMap<>(Stage.class);
        Stage[] current = {null};
        AtomicLong stagePeak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                stagePeak.accumulateAndGet(ProcessMemory.currentResidentBytes(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        float s = size / 512f;
        // 0.8 s at 30 fps = 24 frames: exactly one context window
        float[] wave = new float[12_800];
        for (int i = 0; i < wave.length; i++) {
            wave[i] = (float) (0.3 * Math.sin(i * 0.05) * Math.sin(i * 0.0007));
        }
        GenerationRequest request = GenerationRequest.builder()
                .setReferenceImage(RgbImage.black(size, size))
                .setAudio(PcmAudio.mono(wave, 16_000))
                .optReferenceKeypoints(new FaceKeypoints(190 * s, 220 * s, 320 * s, 221 * s, 255 * s, 300 * s))
                .optRetargetStrategy(RetargetStrategy.FIX_FACE)
                .optWidth(size).optHeight(size).optSteps(1)
                .setOutput(format -> new FrameSink() {
                    @Override
                    public void write(RgbImage frame) {
                    }

                    @Override
                    public void commit() {
                    }

                    @Override
                    public void close() {
                    }
                })
                .build();
        GenerationResult result;
        long buildStart = System.nanoTime();
        try (TalkingHeadGenerator g = TalkingHeadGenerator.builder().setModelBundle(bundle).optDevice(Device.cpu())
                .optMemoryMode(mode).build()) {
            System.out.printf(Locale.ROOT, "build(): %.1f s, RSS %d MB%n", (System.nanoTime() - buildStart) / 1e9,
                    ProcessMemory.currentResidentBytes() >> 20);
            result = g.generate(request, e -> {
                if (e instanceof ProgressEvent.StageStarted st) {
                    if (current[0] != null) {
                        peakRss.put(current[0], stagePeak.get());
                    }
                    current[0] = st.stage();
                    long now = ProcessMemory.currentResidentBytes();
                    stagePeak.set(now);
                    startRss.put(st.stage(), now);
                }
            }, null);
            peakRss.put(current[0], stagePeak.get());
        }
        sampler.interrupt();
        System.out.printf(Locale.ROOT, "%dx%d, %d frames, guided, 1 step, %s%n", size, size, result.frameCount(), mode);
        System.out.println("| stage | time (s) | RSS at start (MB) | peak RSS in stage (MB) |");
        System.out.println("|---|---|---|---|");
        for (Stage st : Stage.values()) {
            var d = result.stageTimings().get(st);
            if (d != null) {
                System.out.printf(Locale.ROOT, "| %s | %.1f | %d | %d |%n", st, d.toNanos() / 1e9,
                        startRss.getOrDefault(st, 0L) >> 20, peakRss.getOrDefault(st, 0L) >> 20);
            }
        }
        System.out.printf(Locale.ROOT, "peak RSS of the process (VmHWM): %d MB%n", ProcessMemory.peakResidentBytes() >> 20);
    }

    /** Best GFLOP/s of ONNX Runtime's MatMul on n x n x n with the engine's CPU session options. */
    static double gemmGflops(int n) throws Exception {
        byte[] model;
        try (InputStream in = RealSizeWindow.class.getResourceAsStream("/realsize/gemm.onnx")) {
            model = in.readAllBytes();
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        FloatBuffer a = ByteBuffer.allocateDirect(n * n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < n * n; i++) {
            a.put(i, (float) Math.sin(i * 0.001));
        }
        double best = 0;
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            o.setInterOpNumThreads(1);
            o.setCPUArenaAllocator(false);
            try (OrtSession session = env.createSession(model, o);
                 OnnxTensor ta = OnnxTensor.createTensor(env, a, new long[] {n, n})) {
                for (int r = 0; r < 6; r++) {
                    long t0 = System.nanoTime();
                    try (OrtSession.Result y = session.run(Map.of("a", ta, "b", ta))) {
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        if (r > 0) {
                            best = Math.max(best, 2.0 * n * n * n / seconds / 1e9);
                        }
                    }
                }
            }
        }
        return best;
    }
}
