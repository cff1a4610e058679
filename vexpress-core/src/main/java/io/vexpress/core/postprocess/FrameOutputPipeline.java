package io.vexpress.core.postprocess;

import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.InvalidInputException;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

/**
 * The last stage of a generation: decode each frame, post-filter it ({@link VideoPostFilter}'s quantisation
 * and median) and write it to a {@link FrameSink}, in frame order.
 *
 * <p>{@link Threading#PIPELINED} runs the three on separate threads joined by bounded queues: decoding (and
 * quantising) on a worker thread, the median on another (with {@code rowThreads} threads per frame), and
 * {@code sink.write} plus the written-frame callback on the calling thread, so a user's sink and progress
 * listener see the thread they called from. The wall time is then close to the slowest stage's instead of
 * the sum; the bytes are those of {@link Threading#SEQUENTIAL}, which does everything on the calling thread.
 * A failure in any stage (or cancellation, or an interrupt of the calling thread) stops the others, waits for
 * both workers to end and rethrows it; nothing is committed, and no thread outlives {@link #run}.
 */
public final class FrameOutputPipeline {
    /** Frames decoded ahead of the median, and filtered frames waiting for the sink. */
    private static final int QUEUE = 2;

    /** The decoded frames, produced in order by one thread. */
    public interface FrameSource {
        /**
         * Decodes frame {@code frame}: {@code [3, H, W]} float32 in [0, 1] from the buffer's position, valid until
         * the next call.
         */
        FloatBuffer decode(int frame);

        /** Called from another thread when the output has failed, to end a decode in progress early. */
        default void abort() {
        }
    }

    /** Where the stages run. */
    public enum Threading {
        /** Decoding, post-filter and sink one after another on the calling thread. */
        SEQUENTIAL,
        /** Each stage on its own thread. */
        PIPELINED;

        /** {@link #PIPELINED} where there is more than one processor. */
        public static Threading forThisMachine() {
            return Runtime.getRuntime().availableProcessors() > 1 ? PIPELINED : SEQUENTIAL;
        }
    }

    private final int width;
    private final int height;
    private final boolean median;
    private final Threading threading;
    private final int rowThreads;

    /**
     * @param rowThreads threads that filter one frame's rows together when pipelined (sequential uses one)
     */
    public FrameOutputPipeline(int width, int height, boolean medianFilter, Threading threading, int rowThreads) {
        VideoPostFilter.checkSize(width, height);
        if (threading == null || rowThreads < 1) {
            throw new InvalidInputException("The frame output needs a threading mode and at least one row thread.");
        }
        this.width = width;
        this.height = height;
        this.median = medianFilter;
        this.threading = threading;
        this.rowThreads = rowThreads;
    }

    /** The engine's choice: pipelined with all processors (up to 4) on the median where there are several. */
    public static FrameOutputPipeline forThisMachine(int width, int height, boolean medianFilter) {
        int cpus = Runtime.getRuntime().availableProcessors();
        return new FrameOutputPipeline(width, height, medianFilter, Threading.forThisMachine(), Math.min(cpus, 4));
    }

    /**
     * Decodes, post-filters and writes {@code frames} frames to {@code sink} (without committing it), calling
     * {@code written} with the number of frames written after each one, on the calling thread.
     *
     * @throws GenerationCancelledException when {@code token} is cancelled or the calling thread interrupted
     */
    public void run(int frames, FrameSource source, FrameSink sink, IntConsumer written, CancellationToken token) {
        if (threading == Threading.SEQUENTIAL) {
            runSequentially(frames, source, sink, written, token);
        } else {
            new Stages(frames, source, sink, written, token).run();
        }
    }

    private void runSequentially(int frames, FrameSource source, FrameSink sink, IntConsumer written,
                                 CancellationToken token) {
        int[] count = {0};
        try (VideoPostFilter filter = new VideoPostFilter(width, height, median, 1, image -> {
            sink.write(image);
            written.accept(++count[0]);
        })) {
            for (int f = 0; f < frames; f++) {
                token.throwIfCancelled();
                filter.push(source.decode(f));
            }
            filter.finish();
        }
        token.throwIfCancelled();
    }

    /** One pipelined run: the two worker threads, the queues between them and the first failure. */
    private final class Stages {
        private final int frames;
        private final FrameSource source;
        private final FrameSink sink;
        private final IntConsumer written;
        private final CancellationToken token;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        // quantised frames: free for the decoder, and decoded for the median (null = end of the video)
        private final ArrayDeque<QuantisedFrame> free = new ArrayDeque<>();
        private final ArrayDeque<QuantisedFrame> decoded = new ArrayDeque<>();
        private final ArrayDeque<RgbImage> filtered = new ArrayDeque<>();
        private final int frameBudget;
        private int framesMade;
        private boolean decodingDone;
        private boolean filteringDone;
        private Throwable failure;
        private Thread decoder;
        private Thread filter;

        Stages(int frames, FrameSource source, FrameSink sink, IntConsumer written, CancellationToken token) {
            this.frames = frames;
            this.source = source;
            this.sink = sink;
            this.written = written;
            this.token = token;
            // the median holds up to three frames, the queue QUEUE, the decoder one
            this.frameBudget = (median ? 3 : 1) + QUEUE + 1;
        }

        void run() {
            AutoCloseable onCancel = token.onCancel(() -> fail(new GenerationCancelledException("Generation cancelled.")));
            try {
                decoder = start("vexpress-decode", this::decodeFrames);
                filter = start("vexpress-postfilter", this::filterFrames);
                writeFrames();
            } catch (Throwable t) {
                fail(t);
            } finally {
                joinWorkers();
                try {
                    onCancel.close();
                } catch (Exception e) {
                    // removing a callback from a list cannot fail
                }
            }
            Throwable t;
            lock.lock();
            try {
                t = failure;
            } finally {
                lock.unlock();
            }
            if (t != null) {
                throw RowBands.unchecked(t);
            }
            token.throwIfCancelled();
        }

        private Thread start(String name, Runnable stage) {
            Thread t = new Thread(() -> {
                try {
                    stage.run();
                } catch (Throwable e) {
                    fail(e);
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** Worker: decodes and quantises each frame into a free frame for the median. */
        private void decodeFrames() {
            FrameLoader loader = new FrameLoader(width, height, new RowBands(height, 1)); // one band: no thread
            for (int f = 0; f < frames; f++) {
                token.throwIfCancelled();
                FloatBuffer pixels = source.decode(f);
                QuantisedFrame frame = takeFree();
                if (frame == null) {
                    return;
                }
                loader.load(frame, pixels);
                if (!offer(decoded, frame)) {
                    return;
                }
            }
            lock.lock();
            try {
                decodingDone = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Worker: the median (or the RGB interleave) of each decoded frame, in order. */
        private void filterFrames() {
            boolean[] stopped = {false};
            try (PostFilterStream stream = new PostFilterStream(width, height, median, rowThreads, rgb -> {
                if (!stopped[0] && !offer(filtered, RgbImage.of(width, height, rgb))) {
                    stopped[0] = true;
                }
            }, this::recycle)) {
                while (!stopped[0]) {
                    QuantisedFrame frame = takeDecoded();
                    if (frame == null) {
                        break;
                    }
                    stream.accept(frame);
                }
                if (stopped[0] || failed()) {
                    return;
                }
                stream.finish();
            }
            lock.lock();
            try {
                filteringDone = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** The calling thread: hands each filtered frame to the sink. */
        private void writeFrames() throws InterruptedException {
            int count = 0;
            while (true) {
                RgbImage image;
                lock.lock();
                try {
                    while (failure == null && filtered.isEmpty() && !filteringDone) {
                        changed.await();
                    }
                    if (failure != null || filtered.isEmpty()) {
                        return;
                    }
                    image = filtered.poll();
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                sink.write(image);
                written.accept(++count);
            }
        }

        private QuantisedFrame takeFree() {
            lock.lock();
            try {
                while (failure == null && free.isEmpty() && framesMade == frameBudget) {
                    changed.await();
                }
                if (failure != null) {
                    return null;
                }
                if (!free.isEmpty()) {
                    return free.poll();
                }
                framesMade++;
            } catch (InterruptedException e) {
                throw interrupted();
            } finally {
                lock.unlock();
            }
            return new QuantisedFrame(width, height, median);
        }

        private QuantisedFrame takeDecoded() {
            lock.lock();
            try {
                while (failure == null && decoded.isEmpty() && !decodingDone) {
                    changed.await();
                }
                if (failure != null) {
                    return null;
                }
                QuantisedFrame frame = decoded.poll();
                changed.signalAll();
                return frame;
            } catch (InterruptedException e) {
                throw interrupted();
            } finally {
                lock.unlock();
            }
        }

        /** Adds to a bounded queue, waiting for room; false once the run has failed. */
        private <T> boolean offer(ArrayDeque<T> queue, T item) {
            lock.lock();
            try {
                while (failure == null && queue.size() >= QUEUE) {
                    changed.await();
                }
                if (failure != null) {
                    return false;
                }
                queue.add(item);
                changed.signalAll();
                return true;
            } catch (InterruptedException e) {
                throw interrupted();
            } finally {
                lock.unlock();
            }
        }

        private void recycle(QuantisedFrame frame) {
            lock.lock();
            try {
                free.add(frame);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private boolean failed() {
            lock.lock();
            try {
                return failure != null;
            } finally {
                lock.unlock();
            }
        }

        /** Records the first failure, wakes every stage and ends a decode in progress. */
        private void fail(Throwable t) {
            if (t instanceof InterruptedException) {
                t = interrupted();
            }
            lock.lock();
            try {
                if (failure != null) {
                    return;
                }
                failure = t;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            source.abort();
            for (Thread worker : new Thread[] {decoder, filter}) {
                if (worker != null && worker != Thread.currentThread()) {
                    worker.interrupt();
                }
            }
        }

        private GenerationCancelledException interrupted() {
            Thread.currentThread().interrupt();
            return new GenerationCancelledException("Generation interrupted.");
        }

        /** Waits for both workers, even when interrupted (the interrupt is kept for the caller). */
        private void joinWorkers() {
            boolean interrupted = false;
            for (Thread worker : new Thread[] {decoder, filter}) {
                while (worker != null && worker.isAlive()) {
                    try {
                        worker.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        fail(new GenerationCancelledException("Generation interrupted."));
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
