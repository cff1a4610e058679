package io.vexpress.core.pipeline;

import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.InsufficientMemoryException;
import io.vexpress.MemoryMode;
import io.vexpress.RetargetStrategy;
import io.vexpress.core.memory.PeakMemoryEstimator;
import io.vexpress.core.memory.ProcessMemory;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.FrameSink;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.progress.ProgressEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One tiny-bundle generation (fix_face, 1 step) at {@code args[0]} pixels square with {@code args[1]} seconds of
 * audio, run in a child JVM with small memory limits (OutOfMemoryConversionTest). Prints one line:
 * {@code RESULT ok} or {@code RESULT <exception class> pool=<pool> estimated=<bool> stages=<started stages> | <message>}.
 */
public final class MemoryFailureProbe {
    private MemoryFailureProbe() {
    }

    public static void main(String[] args) {
        int size = Integer.parseInt(args[0]);
        double seconds = Double.parseDouble(args[1]);
        float[] wave = new float[(int) (seconds * 16000)];
        for (int i = 0; i < wave.length; i++) {
            wave[i] = (float) (0.3 * Math.sin(i * 0.07));
        }
        float s = size / 512f;
        int samples = wave.length;
        PcmAudio audio = PcmAudio.mono(wave, 16000);
        wave = null; // PcmAudio keeps its own copy
        GenerationRequest request = GenerationRequest.builder()
                .setReferenceImage(RgbImage.black(size, size))
                .setAudio(audio)
                .optReferenceKeypoints(new FaceKeypoints(190 * s, 220 * s, 320 * s, 221 * s, 255 * s, 300 * s))
                .optRetargetStrategy(RetargetStrategy.FIX_FACE)
                .optWidth(size)
                .optHeight(size)
                .optSteps(1)
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
        List<String> stages = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong peakDirect = new java.util.concurrent.atomic.AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakDirect.accumulateAndGet(ProcessMemory.currentDirectBytes(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        try (VExpressGenerator g = new VExpressGenerator(TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.KEEP_LOADED))) {
            var result = g.generate(request, e -> {
                if (e instanceof ProgressEvent.StageStarted st) {
                    stages.add(st.stage().name());
                }
            }, null);
            sampler.interrupt();
            int frames = result.frameCount();
            var shape = new PeakMemoryEstimator.GenerationShape(size, size, frames, Math.min(24, frames), true, samples,
                    16000, 1, g.bundle().manifest().kpsGuiderBatchFrames());
            System.out.println("DIRECT measured=" + peakDirect.get() + " estimated="
                    + PeakMemoryEstimator.directBytes(shape, g.bundle().dimensions()));
            System.out.println("RESULT ok");
        } catch (InsufficientMemoryException e) {
            System.out.println("RESULT " + e.getClass().getSimpleName() + " pool=" + e.pool() + " estimated=" + e.estimated()
                    + " stages=" + String.join(",", stages) + " | " + e.getMessage());
        } catch (RuntimeException | Error e) {
            System.out.println("RESULT " + e.getClass().getName() + " stages=" + String.join(",", stages) + " | " + e.getMessage());
        }
    }
}
