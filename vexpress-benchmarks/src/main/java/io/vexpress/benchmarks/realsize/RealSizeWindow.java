package io.vexpress.benchmarks.realsize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.vexpress.CancellationToken;
import io.vexpress.Device;
import io.vexpress.GenerationCancelledException;
import io.vexpress.GenerationRequest;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real-size benchmark (not a test): one guided 24-frame window, one denoising step, at W x H through the
 * public API on a bundle (the SD-1.5-size random-weight export for the real size), with the large-GEMM baseline
 * of ONNX Runtime's own MatMul measured in the same JVM. Prints the GEMM rate, each stage's time, the resident
 * memory at each stage's start and its peak during the stage, and the whole run's peak (VmHWM).
 *
 * <p>Arguments: {@code BUNDLE [SIZE=512] [keep|release=release] [DECODED_FRAMES=0]}. With DECODED_FRAMES = N > 0
 * the run is cancelled (through the public {@link CancellationToken}) once the sink has received N frames: on a CPU
 * the SD-1.5-size VAE decoder takes a minute or more per 512x512 frame, so the runner then reports the time
 * between consecutive frames and projects the whole window's decoding from it (printed as a projection). Run under
 * the heavy lock (see vexpress-benchmarks/README.md, "The real size"). With
 * {@code -Dorg.slf4j.simpleLogger.log.io.vexpress.core.runtime.ModelSessions=debug} the engine logs how long each
 * session took to open, which the DENOISING stage includes in RELEASE_AFTER_STAGE mode.
 */
public final class RealSizeWindow {
    private RealSizeWindow() {
    }

    public static void main(String[] args) throws Exception {
        Path bundle = Path.of(args[0]);
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        MemoryMode mode = args.length > 2 && args[2].equals("keep") ? MemoryMode.KEEP_LOADED : MemoryMode.RELEASE_AFTER_STAGE;
        int decodedFrames = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        for (int n : new int[] {2048, 4096}) {
            System.out.printf(Locale.ROOT, "ONNX Runtime MatMul %d^3: %.1f GFLOP/s (best of 5)%n", n, gemmGflops(n));
        }

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
        CancellationToken token = new CancellationToken();
        long[] decodingStart = {0};
        List<Long> frameWritten = new ArrayList<>(); // nanoseconds since DECODING_AND_ENCODING began
        FrameSink sink = new FrameSink() {
            @Override
            public void write(RgbImage frame) {
                frameWritten.add(System.nanoTime() - decodingStart[0]);
                if (frameWritten.size() == decodedFrames) {
                    token.cancel();
                }
            }

            @Override
            public void commit() {
            }

            @Override
            public void close() {
            }
        };
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
                .setOutput(format -> sink)
                .build();
        Map<Stage, Duration> times = new EnumMap<>(Stage.class);
        long[] denoisingStart = {0};
        List<Long> windowDone = new ArrayList<>(); // nanoseconds since DENOISING began
        boolean cancelled = false;
        int frames = 0;
        long buildStart = System.nanoTime();
        try (TalkingHeadGenerator g = TalkingHeadGenerator.builder().setModelBundle(bundle).optDevice(Device.cpu())
                .optMemoryMode(mode).build()) {
            System.out.printf(Locale.ROOT, "build(): %.1f s, RSS %d MB%n", (System.nanoTime() - buildStart) / 1e9,
                    ProcessMemory.currentResidentBytes() >> 20);
            try {
                frames = g.generate(request, e -> {
                    if (e instanceof ProgressEvent.StageStarted st) {
                        if (current[0] != null) {
                            peakRss.put(current[0], stagePeak.get());
                        }
                        current[0] = st.stage();
                        long now = ProcessMemory.currentResidentBytes();
                        stagePeak.set(now);
                        startRss.put(st.stage(), now);
                        if (st.stage() == Stage.DENOISING) {
                            denoisingStart[0] = System.nanoTime();
                        } else if (st.stage() == Stage.DECODING_AND_ENCODING) {
                            decodingStart[0] = System.nanoTime();
                        }
                    } else if (e instanceof ProgressEvent.StageFinished f) {
                        times.put(f.stage(), f.elapsed());
                    } else if (e instanceof ProgressEvent.DenoisingStep) {
                        windowDone.add(System.nanoTime() - denoisingStart[0]);
                    }
                }, token).frameCount();
            } catch (GenerationCancelledException e) {
                cancelled = true;
                times.put(Stage.DECODING_AND_ENCODING, Duration.ofNanos(System.nanoTime() - decodingStart[0]));
            }
            peakRss.put(current[0], stagePeak.get());
        }
        sampler.interrupt();
        System.out.printf(Locale.ROOT, "%dx%d, %s frames, guided, 1 step, %s%n", size, size,
                cancelled ? "24 (cancelled after " + decodedFrames + " written)" : Integer.toString(frames), mode);
        for (int i = 0; i < windowDone.size(); i++) {
            System.out.printf(Locale.ROOT, "denoising window %d done %.1f s after DENOISING began (this includes opening "
                    + "the UNet session in release mode)%n", i + 1, windowDone.get(i) / 1e9);
        }
        for (int i = 0; i < frameWritten.size(); i++) {
            System.out.printf(Locale.ROOT, "frame %d written %.1f s after DECODING_AND_ENCODING began%s%n", i + 1,
                    frameWritten.get(i) / 1e9, i == 0 ? "" : String.format(Locale.ROOT, " (+%.1f s)",
                            (frameWritten.get(i) - frameWritten.get(i - 1)) / 1e9));
        }
        if (cancelled && frameWritten.size() >= 2) {
            int n = frameWritten.size();
            double perFrame = (frameWritten.get(n - 1) - frameWritten.get(0)) / 1e9 / (n - 1);
            System.out.printf(Locale.ROOT, "decoding: %.1f s per frame between frames 1 and %d; PROJECTED for all 24 "
                    + "frames: %.0f s (first frame's %.1f s + 23 x %.1f s)%n", perFrame, n,
                    frameWritten.get(0) / 1e9 + 23 * perFrame, frameWritten.get(0) / 1e9, perFrame);
        }
        System.out.println("| stage | time (s) | RSS at start (MB) | peak RSS in stage (MB) |");
        System.out.println("|---|---|---|---|");
        for (Stage st : Stage.values()) {
            var d = times.get(st);
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
