package io.vexpress.examples.cli;

import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import io.vexpress.progress.Stage;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs one generation for a command: progress in the console's mode, Ctrl-C cancels cleanly (no partial
 * file is left), and the result is reported as text or JSON.
 */
final class GenerationRun {
    private GenerationRun() {
    }

    /** Generates and reports; exceptions propagate to the command's error handler. */
    static GenerationResult run(Console console, TalkingHeadGenerator.Builder generatorBuilder, GenerationRequest request) {
        ProgressListener shown = console.progressListener();
        // The request's warnings are shown now, before the slow work; the engine may repeat them as events.
        Set<String> warned = new HashSet<>();
        ProgressListener listener = event -> {
            if (!(event instanceof ProgressEvent.Warning w) || warned.add(w.message())) {
                shown.onEvent(event);
            }
        };
        for (String warning : request.warnings()) {
            listener.onEvent(new ProgressEvent.Warning(warning));
        }
        try (CtrlCCancellation ctrlC = CtrlCCancellation.install();
             TalkingHeadGenerator generator = generatorBuilder.build()) {
            GenerationResult result = generator.generate(request, listener, ctrlC.token());
            report(console, result);
            return result;
        } finally {
            if (shown instanceof TerminalProgressBar bar) {
                bar.finish();
            }
        }
    }

    static void report(Console console, GenerationResult result) {
        String path = result.outputPath().map(p -> p.toAbsolutePath().toString()).orElse("(custom output)");
        double total = result.stageTimings().values().stream().mapToDouble(d -> d.toNanos() / 1e9).sum();
        String summary = String.format(Locale.ROOT, "Wrote %s: %d frames at %.3f fps (%.2f s of audio) in %.1f s.",
                path, result.frameCount(), result.fps(), result.audioDurationSeconds(), total);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("output_path", path);
        fields.put("frames", result.frameCount());
        fields.put("fps", result.fps());
        fields.put("audio_seconds", result.audioDurationSeconds());
        fields.put("seconds", total);
        Map<String, Double> stages = new LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            Duration d = result.stageTimings().get(s);
            if (d != null) {
                stages.put(JsonProgressWriter.stage(s), d.toNanos() / 1e9);
            }
        }
        fields.put("stage_seconds", stages);
        fields.put("warnings", result.warnings());
        console.result(summary, fields);
    }
}
