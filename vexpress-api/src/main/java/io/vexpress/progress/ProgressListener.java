package io.vexpress.progress;

/**
 * Receives {@link ProgressEvent}s on the generating thread, in order. Keep it fast: the generation waits
 * for it. An exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores everything. */
    ProgressListener NONE = event -> { };

    /** Called for each event. */
    void onEvent(ProgressEvent event);
}
