package io.vexpress.progress;

/**
 * Receives {@link ProgressEvent}s on the generating thread, in order. Keep it fast: the generation waits
 * for it. An exception it throws does not stop the generation: the first one is logged with its stack trace and
 * reported in {@link io.vexpress.GenerationResult#warnings()}, later ones are logged at debug level.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = event -> { };

    /** Called for each event. */
    void onEvent(ProgressEvent event);
}
