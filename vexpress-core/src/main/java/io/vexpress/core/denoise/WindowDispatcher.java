package io.vexpress.core.denoise;

import io.vexpress.AttentionWeights;
import io.vexpress.GenerationCancelledException;
import io.vexpress.core.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Sends the {@link MeanOverlapSampler}'s window calls to a pool of denoisers, typically one UNet session per
 * device: each denoiser has its own thread, and a call goes to whichever is free first. The sampler still
 * gathers the inputs and accumulates the predictions itself, in window order, so the result does not depend
 * on which denoiser ran a window or when.
 *
 * <p>With a single denoiser there is no thread: {@link #submit} runs the call on the caller's thread.
 *
 * <p>Denoisers of one pool run concurrently, so whatever they share (conditioning tensors, a keypoint-feature
 * cache) must be safe to read from several threads at once; each denoiser itself is only ever called by its
 * own thread.
 */
public final class WindowDispatcher implements AutoCloseable {
    private static final Call STOP = new Call(null, null, 0, 0, null, false, null);

    private final Denoiser inline;
    private final BlockingQueue<Call> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();

    /**
     * @param denoisers one or more denoisers that give identical predictions (the same model on different
     *     devices); the pool uses them but does not close them
     */
    public WindowDispatcher(List<? extends Denoiser> denoisers) {
        if (denoisers.isEmpty()) {
            throw new IllegalArgumentException("A window dispatcher needs at least one denoiser");
        }
        if (denoisers.size() == 1) {
            inline = denoisers.get(0);
            return;
        }
        inline = null;
        for (int i = 0; i < denoisers.size(); i++) {
            Denoiser d = denoisers.get(i);
            Thread t = new Thread(() -> work(d), "vexpress-denoiser-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    /** A pool of one denoiser, called on the caller's thread. */
    public static WindowDispatcher of(Denoiser denoiser) {
        return new WindowDispatcher(List.of(denoiser));
    }

    /** How many window calls can run at once. */
    public int size() {
        return inline != null ? 1 : workers.size();
    }

    /**
     * Starts {@link Denoiser#predict} on the next free denoiser. The caller must not touch {@code windowLatents}
     * or {@code prediction} until {@link #await} returned for this call.
     */
    public Call submit(FloatTensor windowLatents, int[] frameIndices, long timestep, int stepIndex,
                       AttentionWeights attention, boolean guided, FloatTensor prediction) {
        Call call = new Call(windowLatents, frameIndices, timestep, stepIndex, attention, guided, prediction);
        if (inline != null) {
            call.runOn(inline);
        } else {
            queue.add(call);
        }
        return call;
    }

    /**
     * Waits for {@code call} and rethrows its failure as it was thrown.
     *
     * @throws GenerationCancelledException when the waiting thread is interrupted (its flag stays set)
     */
    public void await(Call call) {
        try {
            call.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GenerationCancelledException("Generation interrupted.");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("window call failed", cause);
        } catch (CancellationException e) {
            throw new GenerationCancelledException("Window call abandoned.");
        }
    }

    /**
     * After a failure: drops the calls that have not started and waits (uninterruptibly, one model call at
     * most) for those that have, so that nothing writes into the caller's buffers any more.
     */
    public void abandon(Iterable<Call> inFlight) {
        List<Call> dropped = new ArrayList<>();
        queue.drainTo(dropped);
        dropped.forEach(c -> c.done.cancel(false));
        boolean interrupted = false;
        for (Call c : inFlight) {
            while (c != null && !c.done.isDone()) {
                try {
                    c.done.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | CancellationException e) {
                    break; // its failure is not the one being reported
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the threads after the calls already submitted (waits for them). */
    @Override
    public void close() {
        for (int i = 0; i < workers.size(); i++) {
            queue.add(STOP);
        }
        boolean interrupted = false;
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

    private void work(Denoiser denoiser) {
        while (true) {
            Call call;
            try {
                call = queue.take();
            } catch (InterruptedException e) {
                return; // nobody interrupts these threads but the JVM's shutdown
            }
            if (call == STOP) {
                return;
            }
            call.runOn(denoiser);
        }
    }

    /** One window's denoiser call; {@link #await} it. */
    public static final class Call {
        private final FloatTensor windowLatents;
        private final int[] frameIndices;
        private final long timestep;
        private final int stepIndex;
        private final AttentionWeights attention;
        private final boolean guided;
        private final FloatTensor prediction;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        private Call(FloatTensor windowLatents, int[] frameIndices, long timestep, int stepIndex,
                     AttentionWeights attention, boolean guided, FloatTensor prediction) {
            this.windowLatents = windowLatents;
            this.frameIndices = frameIndices;
            this.timestep = timestep;
            this.stepIndex = stepIndex;
            this.attention = attention;
            this.guided = guided;
            this.prediction = prediction;
        }

        private void runOn(Denoiser denoiser) {
            if (done.isDone()) {
                return;
            }
            try {
                denoiser.predict(windowLatents, frameIndices, timestep, stepIndex, attention, guided, prediction);
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        }
    }
}
