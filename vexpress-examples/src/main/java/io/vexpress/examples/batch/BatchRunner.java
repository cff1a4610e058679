package io.vexpress.examples.batch;

import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.GenerationResult;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.VExpressException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;

/**
 * Runs a batch of jobs on one generator, one after another:
 *
 * <ul>
 *   <li>rows that cannot run (bad value, missing file, duplicate id or output) fail first, before any model
 *       runs, each with its own message; a job that fails while generating (an undecodable input, say) fails on
 *       its own, and the batch goes on;
 *   <li>a job whose video exists with a sidecar ({@link OutputSidecar}) carrying the same
 *       {@link JobFingerprint fingerprint} is skipped (resume after a kill), unless {@link Builder#optForce force}
 *       is set; videos are written atomically, so a killed batch leaves none half-written;
 *   <li>the {@link ResultsFile results file} is rewritten after every job.
 * </ul>
 *
 * <pre>{@code
 * List<BatchJob> jobs = new JobColumns(Map.of(), Path.of("")).jobs(JobsFile.read(jobsFile), jobsFile.getParent());
 * try (TalkingHeadGenerator generator = TalkingHeadGenerator.builder().setModelBundle(models).build()) {
 *     BatchReport report = BatchRunner.builder().setGenerator(generator).optResultsFile(Path.of("results.csv"))
 *             .build().run(jobs, BatchListener.NONE, new CancellationToken());
 * }
 * }</pre>
 */
public final class BatchRunner {
    private final TalkingHeadGenerator generator;
    private final Optional<ResultsFile> results;
    private final boolean force;

    private BatchRunner(Builder b) {
        this.generator = Objects.requireNonNull(b.generator, "setGenerator");
        this.results = Optional.ofNullable(b.results).map(ResultsFile::new);
        this.force = b.force;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs {@code jobs} in order.
     *
     * @throws GenerationCancelledException when {@code token} is cancelled (the results file then lists the jobs
     *     finished so far; the running job leaves no output)
     */
    public BatchReport run(List<BatchJob> jobs, BatchListener listener, CancellationToken token) {
        long start = System.nanoTime();
        JobResult[] byJob = new JobResult[jobs.size()];
        Counts counts = new Counts(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            BatchJob job = jobs.get(i);
            if (!job.valid()) {
                finish(job, i, JobResult.failed(job.id(), job.output().map(Path::toString), 0, job.error().orElseThrow()),
                        byJob, counts, listener);
            }
        }
        for (int i = 0; i < jobs.size(); i++) {
            BatchJob job = jobs.get(i);
            if (!job.valid()) {
                continue;
            }
            token.throwIfCancelled();
            listener.jobStarted(job, counts.progress());
            finish(job, i, runOne(job, listener, token), byJob, counts, listener);
        }
        List<JobResult> all = Arrays.asList(byJob);
        return new BatchReport(all, counts.progress(), (System.nanoTime() - start) / 1e9);
    }

    private JobResult runOne(BatchJob job, BatchListener listener, CancellationToken token) {
        Path output = job.output().orElseThrow();
        Optional<String> shown = Optional.of(output.toString());
        long start = System.nanoTime();
        try {
            String fingerprint = JobFingerprint.of(job, generator.config());
            if (!force) {
                Optional<OutputSidecar> done = OutputSidecar.read(output).filter(s -> s.fingerprint().equals(fingerprint));
                if (done.isPresent()) {
                    OutputSidecar s = done.get();
                    return new JobResult(job.id(), shown, JobResult.Status.SKIPPED, s.frames(), s.fps(), s.seconds(), Optional.empty());
                }
            }
            Files.deleteIfExists(OutputSidecar.of(output)); // stale: the video is about to be replaced
            deleteLeftoverTemporaries(output);
            GenerationResult r = generator.generate(job.request().orElseThrow(), e -> listener.jobEvent(job, e), token);
            double seconds = (System.nanoTime() - start) / 1e9;
            new OutputSidecar(fingerprint, job.id(), r.frameCount(), r.fps(), seconds).write(output);
            return new JobResult(job.id(), shown, JobResult.Status.OK, r.frameCount(), r.fps(), seconds, Optional.empty());
        } catch (GenerationCancelledException e) {
            throw e;
        } catch (VExpressException e) {
            return JobResult.failed(job.id(), shown, (System.nanoTime() - start) / 1e9, e.getMessage());
        } catch (IOException e) {
            return JobResult.failed(job.id(), shown, (System.nanoTime() - start) / 1e9,
                    "Cannot replace the old sidecar of " + output + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // a bug rather than a bad row; still only this row's failure
            return JobResult.failed(job.id(), shown, (System.nanoTime() - start) / 1e9,
                    "internal error: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Temporaries of {@code output} that a killed run left ({@code .name.<random>.part}, see AtomicTarget). */
    private static void deleteLeftoverTemporaries(Path output) throws IOException {
        Path parent = output.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String prefix = "." + output.getFileName() + ".";
        try (Stream<Path> files = Files.list(parent)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".part") && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private void finish(BatchJob job, int index, JobResult result, JobResult[] byJob, Counts counts, BatchListener listener) {
        byJob[index] = result;
        counts.add(result);
        results.ifPresent(f -> {
            List<JobResult> sofar = new ArrayList<>();
            for (JobResult r : byJob) {
                if (r != null) {
                    sofar.add(r);
                }
            }
            f.write(sofar);
        });
        listener.jobFinished(job, result, counts.progress());
    }

    /** Running counts and the time estimate. */
    private static final class Counts {
        final int total;
        int generated;
        int skipped;
        int failed;
        double generatingSeconds;

        Counts(int total) {
            this.total = total;
        }

        void add(JobResult r) {
            switch (r.status()) {
                case OK -> {
                    generated++;
                    generatingSeconds += r.seconds();
                }
                case SKIPPED -> skipped++;
                case FAILED -> failed++;
            }
        }

        BatchProgress progress() {
            int left = total - generated - skipped - failed;
            OptionalDouble eta = generated == 0 ? OptionalDouble.empty() : OptionalDouble.of(generatingSeconds / generated * left);
            return new BatchProgress(total, generated, skipped, failed, eta);
        }
    }

    /** Builds a {@link BatchRunner}. Required: {@link #setGenerator}. */
    public static final class Builder {
        private TalkingHeadGenerator generator;
        private Path results;
        private boolean force;

        private Builder() {
        }

        /** Required: the generator every job runs on (the runner does not close it). */
        public Builder setGenerator(TalkingHeadGenerator g) {
            generator = g;
            return this;
        }

        /** Rewrites this CSV or JSON Lines file with the results after every job. Default: none. */
        public Builder optResultsFile(Path file) {
            results = file;
            return this;
        }

        /** Regenerates jobs that are done already. Default false: they are skipped. */
        public Builder optForce(boolean redo) {
            force = redo;
            return this;
        }

        public BatchRunner build() {
            return new BatchRunner(this);
        }
    }
}
