package io.vexpress;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Lets another thread stop a running generation. The generation checks it between model calls and
 * also stops a model call already running (ONNX Runtime's terminate flag), so it ends within about one
 * model call; it then throws {@link GenerationCancelledException} and leaves no output file.
 * Interrupting the generating thread has the same effect.
 *
 * <p>A token is single-use: once cancelled it stays cancelled.
 */
public final class CancellationToken {
    private volatile boolean cancelled;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    /** Requests cancellation; safe to call from any thread, any number of times. */
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            for (Runnable r : callbacks) {
                r.run();
            }
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Throws {@link GenerationCancelledException} if cancelled or if the current thread was interrupted
     * (the interrupt flag is kept set).
     */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new GenerationCancelledException("Generation cancelled.");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new GenerationCancelledException("Generation interrupted.");
        }
    }

    /**
     * Registers an action to run on {@link #cancel()} (immediately if already cancelled), e.g. to stop a
     * native call in flight. Returns a handle that unregisters it.
     */
    public AutoCloseable onCancel(Runnable action) {
        callbacks.add(action);
        if (cancelled) {
            action.run();
        }
        return () -> callbacks.remove(action);
    }
}
