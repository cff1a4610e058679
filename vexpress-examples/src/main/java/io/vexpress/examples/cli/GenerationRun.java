package io.vexpress.examples.cli;

import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import io.vexpress.progress.Stage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs one generation for a command: progress in the console's mode, Ctrl-C cancels cleanly (no partial
 * file is left), and the result is reported as text or JSON.
 *
 * <p>Warnings take one path: the command's own ones (about its flags) and the request's are shown before the slow
 * work, the engine's arrive as {@link ProgressEvent.Warning} events, each distinct message is shown once (as a
 * {@code warning:} line or a {@code "warning"} JSON event) and all of them are listed in the result.
 */
final class GenerationRun {
    private GenerationRun() {
    }

    /**
     * Generates and reports; exceptions propagate to the command's error handler.
     *
     * @param commandWarnings warnings the command found before generating, shown first
     */
    static GenerationResult run(Console console, TalkingHeadGenerator.Builder generatorBuilder, GenerationRequest request,
                                List<String> commandWarnings) {
        ProgressListener shown = console.progressListener();
        Set<String> warned = new LinkedHashSet<>();
        ProgressListener listener = event -> {
            if (!(event instanceof ProgressEvent.Warning w) || warned.add(w.message())) {
                shown.onEvent(event);
            }
        };
        for (String warning : commandWarnings) {
            listener.onEvent(new ProgressEvent.Warning(warning));
        }
        for (String warning : request.warnings()) {
            listener.onEvent(new ProgressEvent.Warning(warning));
        }
        try (CtrlCCancellation ctrlC = CtrlCCancellation.install();
             TalkingHeadGenerator generator = generatorBuilder.build()) {
            GenerationResult result = generator.generate(request, listener, ctrlC.token());
            List<String> all = new ArrayList<>(commandWarnings);
            result.warnings().stream().filter(w -> !all.contains(w)).forEach(all::add);
            report(console, result, all);
            return result;
        } finally {
            if (shown instanceof TerminalProgressBar bar) {
                bar.finish();
            }
        }
    }

    static void report(Console console, GenerationResult result, List<String> warnings) {
        String path = result.outputPath().map(p -> p.toAbsolutePath().toString()).orElse("(custom output)");
        double total = result.stageTimings().values().stream().mapToDouble(d -> d.toNanos() / 1e9).sum();
        String summary = String.format(Locale.ROOT, "Wrote %s: %d frames at %.3f fps (%.2f s of audio) in %.1f s%s.",
                path, result.frameCount(), result.fps(), result.audioDurationSeconds(), total,
                warnings.isEmpty() ? "" : ", " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings") + " above");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("output_path", path);
        fields.put("frames", result.frameCount());
        fields.put("fps", result.fps());
        fields.put("audio_seconds", result.audioDurationSeconds());
        fields.put("seconds", total);
        Map<String, Double> stages = new LinkedHashMap<>();
        for (Map.Entry<Stage, Duration> e : result.stageTimings().entrySet()) {
            stages.put(JsonProgressWriter.stage(e.getKey()), e.getValue().toNanos() / 1e9);
        }
        fields.put("stage_seconds", stages);
        fields.put("warnings", warnings);
        console.result(summary, fields);
    }
}
