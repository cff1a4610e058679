package io.vexpress.core.postprocess;

import io.vexpress.GenerationCancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A frame's rows split into contiguous bands worked on together: band 0 on the calling thread, the others on
 * helper threads ("vexpress-median-*") that {@link #close()} stops. One band means no helper and no thread.
 */
final class RowBands implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** Work on rows {@code [from, to)}, as band {@code band}. */
    @FunctionalInterface
    interface Task {
        void run(int band, int from, int to);
    }

    private final int[] bounds;
    private final ExecutorService helpers;
    /** The helper threads, joined by {@link #close()}: a pool reports termination before its threads have quite ended. */
    private final List<Thread> workers = new CopyOnWriteArrayList<>();

    RowBands(int rows, int threads) {
        int n = Math.max(1, Math.min(threads, rows));
        bounds = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            bounds[i] = (int) ((long) rows * i / n);
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        helpers = n == 1 ? null : Executors.newFixedThreadPool(n - 1, job -> {
            Thread t = new Thread(job, "vexpress-median-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            workers.add(t);
            return t;
        });
    }

    int count() {
        return bounds.length - 1;
    }

    /**
     * Runs {@code task} on every band and returns when all are done (also when one fails or the caller is
     * interrupted, so that no band still writes after the call), rethrowing the first failure.
     */
    void run(Task task) {
        run(task, bounds);
    }

    /** Bounds that split {@code units} (not rows) over the bands, for {@link #run(Task, int[])}. */
    int[] split(int units) {
        int n = count();
        int[] split = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            split[i] = (int) ((long) units * i / n);
        }
        return split;
    }

    /** Like {@link #run(Task)}, but band i gets {@code [bounds[i], bounds[i + 1])} (of {@link #split}) instead of its rows. */
    void run(Task task, int[] bounds) {
        if (helpers == null) {
            task.run(0, bounds[0], bounds[1]);
            return;
        }
        List<Future<?>> running = new ArrayList<>(count() - 1);
        Throwable failure = null;
        try {
            for (int i = 1; i < count(); i++) {
                int band = i;
                running.add(helpers.submit(() -> task.run(band, bounds[band], bounds[band + 1])));
            }
            task.run(0, bounds[0], bounds[1]);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<?> f : running) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            failure = failure == null ? new GenerationCancelledException("Generation interrupted.") : failure;
        }
        if (failure != null) {
            throw unchecked(failure);
        }
    }

    /** {@code t} to rethrow: itself when unchecked (an Error is thrown here), else wrapped. */
    static RuntimeException unchecked(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    /** Stops the helper threads and waits for them. Idempotent. */
    @Override
    public void close() {
        if (helpers == null) {
            return;
        }
        helpers.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (helpers.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (Thread t : workers) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
