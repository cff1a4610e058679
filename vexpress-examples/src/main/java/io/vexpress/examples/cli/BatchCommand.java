package io.vexpress.examples.cli;

import io.vexpress.InvalidInputException;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.runtime.BundleManifest;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.examples.batch.BatchJob;
import io.vexpress.examples.batch.BatchReport;
import io.vexpress.examples.batch.BatchRunner;
import io.vexpress.examples.batch.JobColumns;
import io.vexpress.examples.batch.JobRow;
import io.vexpress.examples.batch.JobsFile;
import io.vexpress.keypoints.FaceKeypointDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/** {@code vexpress batch}: many generations from a jobs file with one generator. */
@Command(name = "batch", sortOptions = false, mixinStandardHelpOptions = true, modelTransformer = BatchCommand.ColumnDefaults.class,
        description = {"Run many generations from a jobs file (CSV with a header, or JSON Lines), one job per row, with one"
                + " generator: the models load once.",
                "Columns are generate's flags without the dashes (snake_case as in V-Express: reference_image_path,"
                        + " audio_path, kps_path, output_path, retarget_strategy, num_inference_steps, ...) plus job_id;"
                        + " relative paths resolve against the jobs file's folder. Each generate flag given here is the"
                        + " default for the rows that leave its column empty; --models, --device(s), --dtype, --threads,"
                        + " --save_gpu_memory and --face_detector apply to the whole batch.",
                "A job whose video exists with a matching sidecar (<video>.vexpress.json, a hash of the job's inputs and"
                        + " settings) is skipped, so a batch that was stopped resumes where it was; --force redoes it."
                        + " A row that fails does not stop the others; the exit code is then 7."},
        footer = ExitCodes.HELP_FOOTER)
final class BatchCommand extends CliCommand {

    @Option(names = "--jobs", required = true, paramLabel = "FILE", order = -3,
            description = "The jobs: .csv with a header row, or .jsonl / .ndjson / .json with one JSON object per line.")
    Path jobs;

    @Option(names = "--results", paramLabel = "FILE", order = -2,
            description = "Where to write the results table (job_id, output, status, frames, fps, seconds, error); .csv or"
                    + " .jsonl. Default: <jobs file>.results.csv (.results.jsonl for JSON Lines jobs) next to the jobs file.")
    Path results;

    @Option(names = "--force", order = -1, description = "Generate every job again, even those already done.")
    boolean force;

    @Mixin
    GenerationOptions options = new GenerationOptions();

    @Override
    int execute(Console console) {
        List<JobRow> rows = JobsFile.read(jobs);
        if (rows.isEmpty()) {
            throw new InvalidInputException("Jobs file " + jobs.toAbsolutePath() + " has no jobs.");
        }
        JobColumns columns = new JobColumns(defaults(), Path.of("").toAbsolutePath());
        Set<String> seen = new LinkedHashSet<>();
        rows.forEach(r -> seen.addAll(r.cells().keySet()));
        columns.checkColumns(seen, jobs.getFileName().toString());
        Path folder = jobs.toAbsolutePath().getParent();
        List<BatchJob> batch = columns.jobs(rows, folder);
        Path resultsFile = results != null ? results : defaultResults(jobs);

        try (ModelsFolder models = ModelsFolder.open(options.models)) {
            if (models.standIn()) {
                console.notice(io.vexpress.examples.demo.DemoAssets.STAND_IN_NOTICE);
            }
            return run(console, batch, resultsFile, models.folder());
        }
    }

    private int run(Console console, List<BatchJob> batch, Path resultsFile, Path bundle) {
        TalkingHeadGenerator.Builder generator = options.toGeneratorBuilder(bundle);
        FaceKeypointDetector fallback = needsFallbackDetector(batch, bundle) ? FallbackFaceDetector.open() : null;
        if (fallback != null) {
            console.info("warning: " + FallbackFaceDetector.WARNING);
        }
        long invalid = batch.stream().filter(j -> !j.valid()).count();
        console.info(String.format(Locale.ROOT, "Batch %s: %d jobs%s; results in %s", jobs, batch.size(),
                invalid == 0 ? "" : " (" + invalid + " cannot run)", resultsFile));
        try (BatchConsole shown = new BatchConsole(console);
             CtrlCCancellation ctrlC = CtrlCCancellation.install()) {
            if (fallback != null) {
                generator.optFaceDetector(fallback);
            }
            BatchReport report;
            try (TalkingHeadGenerator g = generator.build()) {
                report = BatchRunner.builder().setGenerator(g).optResultsFile(resultsFile).optForce(force).build()
                        .run(batch, shown, ctrlC.token());
            }
            shown.summary(jobs, resultsFile, report);
            return report.anyFailed() ? ExitCodes.BATCH_JOBS_FAILED : ExitCodes.OK;
        } finally {
            if (fallback != null) {
                fallback.close();
            }
        }
    }

    /** The generate flags given on this command line, as column defaults. */
    private Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        JobColumns probe = new JobColumns(Map.of(), Path.of(""));
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String column = o.names()[0].replaceFirst("^-+", "");
            if (!probe.isColumn(column)) {
                continue;
            }
            List<String> values = o.stringValues();
            d.put(column, o.arity().max() == 0 ? "true" : values.get(values.size() - 1));
        }
        return d;
    }

    /** Whether some job needs the reference face's keypoints and nothing but the cascade fallback can find them. */
    private boolean needsFallbackDetector(List<BatchJob> batch, Path bundle) {
        if (options.faceDetectorModel().isPresent() || !Files.isRegularFile(bundle.resolve(BundleManifest.FILE_NAME))
                || BundleManifest.read(bundle).has(ModelComponent.FACE_DETECTOR)) {
            return false;
        }
        return batch.stream().filter(BatchJob::valid).map(j -> j.request().orElseThrow())
                .anyMatch(r -> r.retargetStrategy().needsReferenceKeypoints() && r.referenceKeypoints().isEmpty());
    }

    static Path defaultResults(Path jobsFile) {
        String name = jobsFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return jobsFile.toAbsolutePath().resolveSibling(stem + ".results" + (JobsFile.isJsonLines(jobsFile) ? ".jsonl" : ".csv"));
    }

    /** Every generate flag is optional here: a missing one is a column, and a row without it fails on its own. */
    static final class ColumnDefaults implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            for (OptionSpec o : List.copyOf(command.options())) {
                if (o.required() && !o.longestName().equals("--jobs")) {
                    command.remove(o);
                    command.addOption(o.toBuilder().required(false).build());
                }
            }
            return command;
        }
    }
}
