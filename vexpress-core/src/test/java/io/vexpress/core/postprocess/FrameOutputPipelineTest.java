package io.vexpress.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pipelined output against the sequential one, and how it fails, cancels and ends its threads. */
class FrameOutputPipelineTest {

    /** Decoded frames of seeded noise, written into one reused buffer as the VAE decoder does. */
    private static class NoiseFrames implements FrameOutputPipeline.FrameSource {
        final FloatBuffer pixels;
        final int width;
        final int height;
        final List<Integer> order = new ArrayList<>();
        final AtomicBoolean aborted = new AtomicBoolean();

        NoiseFrames(int width, int height) {
            this.width = width;
            this.height = height;
            this.pixels = FloatBuffer.allocate(3 * width * height);
        }

        @Override
        public FloatBuffer decode(int frame) {
            order.add(frame);
            Random random = new Random(frame);
            for (int i = 0; i < pixels.capacity(); i++) {
                pixels.put(i, (float) Math.min(1, Math.max(0, 0.5 + 0.2 * random.nextGaussian())));
            }
            return pixels.duplicate().clear();
        }

        @Override
        public void abort() {
            aborted.set(true);
        }
    }

    /** Records written frames and the thread that wrote them. */
    private static class Recording implements FrameSink {
        final List<RgbImage> frames = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        @Override
        public void write(RgbImage frame) {
            frames.add(frame);
            threads.add(Thread.currentThread());
        }

        @Override
        public void commit() {
        }

        @Override
        public void close() {
        }
    }

    @AfterEach
    void noStageThreadOutlivesARun() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            assertTrue(!t.isAlive() || !(name.startsWith("vexpress-decode") || name.startsWith("vexpress-postfilter")
                    || name.startsWith("vexpress-median")), "thread left running: " + name);
        }
    }

    private static List<RgbImage> write(FrameOutputPipeline.Threading threading, int rowThreads, boolean median,
                                        int frames, int w, int h, List<Integer> counts) {
        Recording sink = new Recording();
        NoiseFrames source = new NoiseFrames(w, h);
        new FrameOutputPipeline(w, h, median, threading, rowThreads).run(frames, source, sink, counts::add,
                new CancellationToken());
        for (Thread t : sink.threads) {
            assertSame(Thread.currentThread(), t, "the sink is called on the calling thread");
        }
        for (int i = 0; i < frames; i++) {
            assertEquals(i, source.order.get(i));
        }
        return sink.frames;
    }

    @ParameterizedTest
    @CsvSource({"true, 0, 16, 8", "true, 1, 16, 8", "true, 2, 67, 9", "true, 7, 130, 5", "true, 12, 64, 64",
            "false, 5, 33, 7", "false, 1, 8, 8"})
    void pipelinedBytesEqualTheSequentialOnes(boolean median, int frames, int w, int h) {
        List<Integer> sequentialCounts = new ArrayList<>();
        List<Integer> pipelinedCounts = new ArrayList<>();
        List<RgbImage> sequential = write(FrameOutputPipeline.Threading.SEQUENTIAL, 1, median, frames, w, h, sequentialCounts);
        List<RgbImage> pipelined = write(FrameOutputPipeline.Threading.PIPELINED, 3, median, frames, w, h, pipelinedCounts);
        assertEquals(frames, sequential.size());
        assertEquals(frames, pipelined.size());
        for (int i = 0; i < frames; i++) {
            assertArrayEquals(sequential.get(i).toRgbBytes(), pipelined.get(i).toRgbBytes(), "frame " + i);
            assertEquals(i + 1, pipelinedCounts.get(i));
        }
        assertEquals(sequentialCounts, pipelinedCounts);
    }

    @Test
    void aDecodingFailureReachesTheCallerAndStopsEverything() {
        IllegalStateException broken = new IllegalStateException("decoder broke");
        Recording sink = new Recording();
        NoiseFrames source = new NoiseFrames(16, 8) {
            @Override
            public FloatBuffer decode(int frame) {
                if (frame == 5) {
                    throw broken;
                }
                return super.decode(frame);
            }
        };
        FrameOutputPipeline pipeline = new FrameOutputPipeline(16, 8, true, FrameOutputPipeline.Threading.PIPELINED, 2);
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> pipeline.run(20, source, sink, n -> { }, new CancellationToken()));
        assertSame(broken, thrown);
        assertTrue(sink.frames.size() <= 4, "frame 4 needs frame 5, got " + sink.frames.size());
    }

    @Test
    void aSinkFailureStopsADecodeInProgress() throws Exception {
        CountDownLatch decoding = new CountDownLatch(1);
        NoiseFrames source = new NoiseFrames(16, 8) {
            @Override
            public FloatBuffer decode(int frame) {
                if (frame == 6) {
                    decoding.countDown();
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!aborted.get() && System.nanoTime() < until) {
                        Thread.onSpinWait(); // a long model call that only abort() ends
                    }
                    throw new GenerationCancelledException("decode aborted");
                }
                return super.decode(frame);
            }
        };
        IllegalStateException diskFull = new IllegalStateException("disk full");
        FrameSink sink = new Recording() {
            @Override
            public void write(RgbImage frame) {
                if (frames.size() == 2) {
                    try {
                        decoding.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    throw diskFull;
                }
                super.write(frame);
            }
        };
        long start = System.nanoTime();
        FrameOutputPipeline pipeline = new FrameOutputPipeline(16, 8, true, FrameOutputPipeline.Threading.PIPELINED, 2);
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> pipeline.run(20, source, sink, n -> { }, new CancellationToken()));
        assertSame(diskFull, thrown);
        assertTrue(source.aborted.get());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "the decode was not stopped");
    }

    @Test
    void cancellingStopsTheRun() {
        CancellationToken token = new CancellationToken();
        Recording sink = new Recording();
        FrameOutputPipeline pipeline = new FrameOutputPipeline(16, 8, true, FrameOutputPipeline.Threading.PIPELINED, 2);
        assertThrows(GenerationCancelledException.class, () -> pipeline.run(50, new NoiseFrames(16, 8), sink, n -> {
            if (n == 3) {
                token.cancel();
            }
        }, token));
        assertTrue(sink.frames.size() < 50);
    }

    @Test
    void interruptingTheCallerCancelsAndKeepsTheFlag() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        NoiseFrames slow = new NoiseFrames(16, 8) {
            @Override
            public FloatBuffer decode(int frame) {
                started.countDown();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new GenerationCancelledException("interrupted");
                }
                return super.decode(frame);
            }
        };
        Thread caller = new Thread(() -> {
            try {
                new FrameOutputPipeline(16, 8, true, FrameOutputPipeline.Threading.PIPELINED, 2)
                        .run(1000, slow, new Recording(), n -> { }, new CancellationToken());
            } catch (Throwable t) {
                thrown.set(t);
            }
            flagKept.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        assertTrue(started.await(10, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(20_000);
        assertTrue(!caller.isAlive());
        assertTrue(thrown.get() instanceof GenerationCancelledException, String.valueOf(thrown.get()));
        assertTrue(flagKept.get());
    }
}
