package io.vexpress.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import java.util.Locale;

/** Writes each progress event as one JSON line, e.g. {@code {"event":"denoising_step","step":3,...}}. */
final class JsonProgressWriter implements ProgressListener {
    private final Console console;

    JsonProgressWriter(Console console) {
        this.console = console;
    }

    @Override
    public void onEvent(ProgressEvent event) {
        console.json(node(event));
    }

    /** The event as a JSON object. */
    ObjectNode node(ProgressEvent event) {
        ObjectNode node = console.newJsonObject();
        if (event instanceof ProgressEvent.StageStarted s) {
            node.put("event", "stage_started");
            node.put("stage", stage(s.stage()));
        } else if (event instanceof ProgressEvent.StageFinished s) {
            node.put("event", "stage_finished");
            node.put("stage", stage(s.stage()));
            node.put("seconds", s.elapsed().toNanos() / 1e9);
        } else if (event instanceof ProgressEvent.DenoisingStep d) {
            node.put("event", "denoising_step");
            node.put("step", d.step());
            node.put("steps", d.steps());
            node.put("window", d.window());
            node.put("windows", d.windows());
            node.put("fraction", d.fraction());
        } else if (event instanceof ProgressEvent.FramesEncoded f) {
            node.put("event", "frames_encoded");
            node.put("frames", f.frames());
            node.put("total_frames", f.totalFrames());
        } else if (event instanceof ProgressEvent.Warning w) {
            node.put("event", "warning");
            node.put("message", w.message());
        }
        return node;
    }

    static String stage(io.vexpress.progress.Stage stage) {
        return stage.name().toLowerCase(Locale.ROOT);
    }
}
