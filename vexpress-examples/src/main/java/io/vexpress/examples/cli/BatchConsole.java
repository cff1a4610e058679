package io.vexpress.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vexpress.examples.batch.BatchJob;
import io.vexpress.examples.batch.BatchListener;
import io.vexpress.examples.batch.BatchProgress;
import io.vexpress.examples.batch.BatchReport;
import io.vexpress.examples.batch.JobResult;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Shows a batch in the console's mode: a line per job with the batch's counts and time left, and the running
 * job's own progress bar (default); {@code job_started} / progress / {@code job_finished} JSON lines with the
 * job id ({@code --json}); only the failed jobs' messages ({@code --quiet}).
 */
final class BatchConsole implements BatchListener, AutoCloseable {
    private final Console console;
    private ProgressListener current = ProgressListener.NONE;
    private JsonProgressWriter json;

    BatchConsole(Console console) {
        this.console = console;
        if (console.mode() == OutputOptions.Mode.JSON) {
            json = new JsonProgressWriter(console);
        }
    }

    @Override
    public void jobStarted(BatchJob job, BatchProgress progress) {
        switch (console.mode()) {
            case HUMAN -> {
                console.info(String.format(Locale.ROOT, "[%d/%d] %s -> %s", progress.done() + progress.failed() + 1,
                        progress.total(), job.label(), job.output().map(Path::toString).orElse("")));
                current = console.progressListener();
            }
            case JSON -> {
                ObjectNode n = console.newJsonObject();
                n.put("event", "job_started");
                n.put("job_id", job.id());
                n.put("row", job.row());
                n.put("output", job.output().map(Path::toString).orElse(null));
                console.json(n);
            }
            case QUIET -> { }
        }
    }

    @Override
    public void jobEvent(BatchJob job, ProgressEvent event) {
        if (json != null) {
            ObjectNode n = json.node(event);
            n.put("job_id", job.id());
            console.json(n);
        } else {
            current.onEvent(event);
        }
    }

    @Override
    public void jobFinished(BatchJob job, JobResult result, BatchProgress progress) {
        endBar();
        switch (console.mode()) {
            case HUMAN -> console.info(String.format(Locale.ROOT, "[%d/%d] %s %s | %s", progress.done() + progress.failed(),
                    progress.total(), job.label(), outcome(result), counts(progress)));
            case JSON -> {
                ObjectNode n = console.newJsonObject();
                n.put("event", "job_finished");
                n.put("job_id", result.jobId());
                n.put("output", result.output().orElse(null));
                n.put("status", result.status().word());
                n.put("frames", result.frames());
                n.put("fps", result.fps());
                n.put("seconds", result.seconds());
                n.put("error", result.error().orElse(null));
                n.put("done", progress.done());
                n.put("failed", progress.failed());
                n.put("left", progress.left());
                if (progress.secondsLeft().isPresent()) {
                    n.put("seconds_left", progress.secondsLeft().getAsDouble());
                }
                console.json(n);
            }
            case QUIET -> {
                if (result.failed()) {
                    console.error(ExitCodes.BATCH_JOBS_FAILED, job.label() + ": " + result.error().orElse(""), null);
                }
            }
        }
    }

    private static String outcome(JobResult r) {
        return switch (r.status()) {
            case OK -> String.format(Locale.ROOT, "ok: %d frames at %.3f fps in %.1f s", r.frames(), r.fps(), r.seconds());
            case SKIPPED -> "skipped: already done with the same inputs and settings";
            case FAILED -> "failed: " + r.error().orElse("");
        };
    }

    private static String counts(BatchProgress p) {
        String eta = p.left() == 0 ? "" : p.secondsLeft().isPresent()
                ? ", about " + TerminalProgressBar.clock((long) (p.secondsLeft().getAsDouble() * 1e9)) + " left" : "";
        return String.format(Locale.ROOT, "done %d, failed %d, left %d%s", p.done(), p.failed(), p.left(), eta);
    }

    /** The summary line on standard output, or the {@code result} JSON object. */
    void summary(Path jobs, Path results, BatchReport report) {
        BatchProgress p = report.progress();
        String summary = String.format(Locale.ROOT, "Batch %s: %d generated, %d skipped (done before), %d failed, %d jobs in %s."
                        + " Results: %s", jobs, p.generated(), p.skipped(), p.failed(), p.total(),
                TerminalProgressBar.clock((long) (report.seconds() * 1e9)), results.toAbsolutePath());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("jobs", p.total());
        fields.put("generated", p.generated());
        fields.put("skipped", p.skipped());
        fields.put("failed", p.failed());
        fields.put("seconds", report.seconds());
        fields.put("results_path", results.toAbsolutePath().toString());
        console.result(summary, fields);
    }

    private void endBar() {
        if (current instanceof TerminalProgressBar bar) {
            bar.finish();
        }
        current = ProgressListener.NONE;
    }

    @Override
    public void close() {
        endBar();
    }
}
