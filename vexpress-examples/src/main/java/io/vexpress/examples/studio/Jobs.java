package io.vexpress.examples.studio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vexpress.GenerationCancelledException;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.TalkingHeadGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The queue: one generator, one job running at a time, the others waiting in order; earlier jobs stay listed. */
final class Jobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    private final Path folder;
    private final TalkingHeadGenerator generator;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vexpress-studio-generation");
        t.setDaemon(true);
        return t;
    });

    Jobs(Path folder, TalkingHeadGenerator generator) throws IOException {
        this.folder = folder;
        this.generator = generator;
        Files.createDirectories(folder);
        try (Stream<Path> dirs = Files.list(folder)) {
            for (Path d : dirs.filter(d -> Files.isRegularFile(d.resolve("job.json"))).toList()) {
                try {
                    Job job = Job.load(d);
                    jobs.put(job.id, job);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Skipping the unreadable job record {}: {}", d, e.getMessage());
                }
            }
        }
    }

    /** Checks the settings and queues a job; throws {@link StudioException} 400 for bad settings. */
    Job submit(JsonNode settings, Uploads uploads) {
        String id = Ids.next();
        Path dir = folder.resolve(id);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        GenerationRequest request;
        try {
            request = JobSettings.toRequest(settings, uploads, dir.resolve(Job.VIDEO));
        } catch (RuntimeException e) {
            Uploads.deleteTree(dir);
            throw e;
        }
        Job job = Job.queued(id, dir, JobSettings.copy(settings), request);
        jobs.put(id, job);
        worker.execute(() -> run(job));
        return job;
    }

    private void run(Job job) {
        if (job.status().finished()) {
            return; // cancelled while queued
        }
        job.started();
        try {
            GenerationResult r = generator.generate(job.request(), job, job.token);
            double seconds = r.stageTimings().values().stream().mapToDouble(d -> d.toNanos() / 1e9).sum();
            job.done(r.frameCount(), r.fps(), r.audioDurationSeconds(), seconds, r.warnings());
        } catch (GenerationCancelledException e) {
            job.cancelled();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Job {} failed", job.id, e);
            String message = e instanceof io.vexpress.VExpressException v ? v.message(PageNames.PAGE) : e.getMessage();
            job.failed(message == null ? e.getClass().getSimpleName() : message);
        }
    }

    Optional<Job> get(String id) {
        return Ids.valid(id) ? Optional.ofNullable(jobs.get(id)) : Optional.empty();
    }

    /** Every job, newest first. */
    List<ObjectNode> list() {
        List<ObjectNode> out = new ArrayList<>();
        for (Job j : jobs.values()) {
            out.add(j.describe("jobs/" + j.id + "/" + Job.VIDEO));
        }
        out.sort(Comparator.comparing((ObjectNode n) -> n.path("created").asText()).reversed());
        return out;
    }

    @Override
    public void close() {
        jobs.values().forEach(Job::cancel);
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
