package io.vexpress.core.pipeline;

import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import io.vexpress.progress.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends progress events to the user's listener, records how long each stage took, and is the one path every
 * warning of a generation takes ({@link #warn}): into {@link io.vexpress.GenerationResult#warnings()}, a
 * {@link ProgressEvent.Warning} event and one log line, each distinct message once.
 *
 * <p>A listener that throws does not stop the generation ({@link ProgressListener} promises that): its first failure
 * is logged with the stack trace and becomes a warning of the result, later ones are counted and logged at debug.
 */
final class ProgressReporter {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressReporter.class);
    private final ProgressListener listener;
    private final Map<Stage, Duration> timings = new EnumMap<>(Stage.class);
    private final Set<String> warnings = new LinkedHashSet<>();
    private Stage current;
    private long started;
    private int listenerFailures;

    ProgressReporter(ProgressListener listener) {
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    void emit(ProgressEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            if (++listenerFailures == 1) {
                LOG.warn("The progress listener threw on {}; the generation goes on and later failures are logged at debug level.",
                        event, e);
                warn("The progress listener threw " + e + " on " + event.getClass().getSimpleName()
                        + "; the generation went on without it for that event.");
            } else {
                LOG.debug("The progress listener threw again ({} times) on {}", listenerFailures, event, e);
            }
        }
    }

    /**
     * Reports a warning: recorded for the result, sent as a {@link ProgressEvent.Warning} and logged, once per
     * distinct message. Everything in a generation that warns calls this (or a {@code Consumer<String>} bound to it).
     */
    void warn(String message) {
        if (message == null || !warnings.add(message)) {
            return;
        }
        LOG.warn(message);
        emit(new ProgressEvent.Warning(message));
    }

    /** The warnings so far, in the order they were first reported. */
    List<String> warnings() {
        return new ArrayList<>(warnings);
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

    /** Wall time per stage, in stage order. */
    Map<Stage, Duration> timings() {
        return timings;
    }
}
