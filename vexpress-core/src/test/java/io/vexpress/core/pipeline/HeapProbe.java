package io.vexpress.core.pipeline;

import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.MemoryMode;
import io.vexpress.RetargetStrategy;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.FrameSink;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures peak Java heap and direct memory of one generation with the tiny bundle at 512x512: {@code seconds}
 * of audio, a moving 90-frame keypoint sequence (no_retarget), frames streamed to a sink that drops them.
 * Run in its own JVM with the heap limit to check (docs/pipeline.md has the command).
 *
 * <p>Arguments: seconds, steps, optionally a model bundle folder (default: the tiny bundle, also for {@code -}) and
 * {@code moving} (default: the 90 faces, stretched to the video's length, so nearly every frame shows another face)
 * or {@code still} (one face throughout). It also prints the heap bytes the generating thread allocated (garbage
 * included), which is what a cache sized by the number of faces used to add: compare still and moving.
 */
public final class HeapProbe {
    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        double seconds = Double.parseDouble(args[0]);
        int steps = Integer.parseInt(args[1]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).findFirst().orElseThrow();
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong peakDirect = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                peakDirect.accumulateAndGet(direct.getMemoryUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        // live heap: the largest heap occupancy right after a garbage collection
        AtomicLong peakLive = new AtomicLong();
        for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((javax.management.NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (n.getType().equals(com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) n.getUserData());
                    long after = 0;
                    for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (!e.getKey().contains("Metaspace") && !e.getKey().contains("CodeHeap")
                                && !e.getKey().contains("Compressed Class")) {
                            after += e.getValue().getUsed();
                        }
                    }
                    peakLive.accumulateAndGet(after, Math::max);
                }
            }, null, null);
        }
        Random r = new Random(1);
        byte[] rgb = new byte[512 * 512 * 3];
        r.nextBytes(rgb);
        float[] wave = new float[(int) (seconds * 16000)];
        for (int i = 0; i < wave.length; i++) {
            wave[i] = (float) (0.3 * Math.sin(i * 0.07) + 0.05 * r.nextGaussian());
        }
        List<FaceKeypoints> faces = new ArrayList<>();
        boolean still = args.length > 3 && args[3].equals("still");
        if (args.length > 3 && !still && !args[3].equals("moving")) {
            throw new IllegalArgumentException("the fourth argument is still or moving, got " + args[3]);
        }
        for (int i = 0; i < 90; i++) {
            faces.add(still ? new FaceKeypoints(190, 220, 320, 221, 255, 300) : new FaceKeypoints(190 + 5 * (float) Math.sin(i / 5.0), 220, 320, 221, 255, 300 + 3 * (float) Math.cos(i / 7.0)));
        }
        long[] frames = {0};
        GenerationRequest request = GenerationRequest.builder()
                .setReferenceImage(RgbImage.of(512, 512, rgb))
                .setAudio(PcmAudio.mono(wave, 16000))
                .optKeypoints(KeypointSequence.of(faces))
                .optRetargetStrategy(RetargetStrategy.NO_RETARGET)
                .optSteps(steps)
                .setOutput(format -> new FrameSink() {
                    @Override
                    public void write(RgbImage frame) {
                        frames[0]++;
                    }

                    @Override
                    public void commit() {
                    }

                    @Override
                    public void close() {
                    }
                })
                .build();
        java.nio.file.Path bundle = args.length > 2 && !args[2].equals("-") ? java.nio.file.Path.of(args[2]) : TinyBundle.folder();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        sampler.start();
        long start = System.nanoTime();
        GenerationResult result;
        long allocated;
        try (VExpressGenerator g = new VExpressGenerator(TinyBundle.config(bundle, Device.cpu(), MemoryMode.KEEP_LOADED))) {
            long before = threads.getCurrentThreadAllocatedBytes();
            result = g.generate(request);
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        sampler.interrupt();
        sampler.join();
        System.out.printf("audio %.0f s -> %d frames at 512x512, %d steps, %.0f s wall; heap limit %d MiB, "
                        + "heap before %d MiB, peak heap used %d MiB, peak live heap after GC %d MiB, peak direct buffers %d MiB, "
                        + "heap allocated by the generation %d MiB (%s, %s keypoints)%n",
                seconds, result.frameCount(), steps, (System.nanoTime() - start) / 1e9,
                Runtime.getRuntime().maxMemory() >> 20, baseline >> 20, peakHeap.get() >> 20, peakLive.get() >> 20,
                peakDirect.get() >> 20, allocated >> 20, bundle.getFileName(), still ? "still" : "moving");
        System.out.println("stage timings: " + new java.util.TreeMap<>(result.stageTimings()));
        if (frames[0] != result.frameCount()) {
            throw new IllegalStateException("sink saw " + frames[0] + " frames");
        }
    }
}
