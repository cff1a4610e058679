package io.vexpress.core.pipeline;

import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import io.vexpress.progress.Stage;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends progress events to the user's listener (whose exceptions are logged and ignored, as
 * {@link ProgressListener} promises) and records how long each stage took.
 */
final class ProgressReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private final ProgressListener listener;
    private final Map<Stage, Duration> timings = new EnumMap<>(Stage.class);
    private Stage current;
    private long started;

    ProgressReporter(ProgressListener listener) {
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    void emit(ProgressEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("Progress listener threw on {}; ignoring it.", event, e);
        }
    }

    /** Starts {@code stage}, finishing the current one if any. */
    void begin(Stage stage) {
        end();
        current = stage;
        started = System.nanoTime();
        emit(new ProgressEvent.StageStarted(stage));
    }

    /** Finishes the running stage, if any. */
    void end() {
        if (current != null) {
            Duration d = Duration.ofNanos(System.nanoTime() - started);
            timings.merge(current, d, Duration::plus);
            Stage s = current;
            current = null;
            LOG.debug("Stage {} took {} ms", s, d.toMillis());
            emit(new ProgressEvent.StageFinished(s, d));
        }
    }

    void warn(String message) {
        LOG.warn(message);
        emit(new ProgressEvent.Warning(message));
    }

    Map<Stage, Duration> timings() {
        return timings;
    }
}
