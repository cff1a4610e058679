package io.vexpress.examples.studio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vexpress.CancellationToken;
import io.vexpress.GenerationRequest;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import io.vexpress.progress.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One generation: its record ({@code job.json} in its folder, with the MP4 beside it) and the events the page
 * follows. Events are kept for the job's life so that a page that connects late sees everything; they are small
 * (one per denoising step and window, one per frame).
 */
final class Job implements ProgressListener {
    /** Where a job is in its life. */
    enum Status { QUEUED, RUNNING, DONE, FAILED, CANCELLED, INTERRUPTED;

        boolean finished() {
            return this != QUEUED && this != RUNNING;
        }

        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String VIDEO = "video.mp4";
    private static final ObjectMapper JSON = new ObjectMapper();

    final String id;
    final Path folder;
    final CancellationToken token = new CancellationToken();
    private final ObjectNode record;
    private final List<String> events = new ArrayList<>();
    private GenerationRequest request;
    private Status status;
    private long stageStart;
    private Stage stage;

    private Job(String id, Path folder, ObjectNode record, Status status) {
        this.id = id;
        this.folder = folder;
        this.record = record;
        this.status = status;
    }

    static Job queued(String id, Path folder, ObjectNode settings, GenerationRequest request) {
        ObjectNode record = JSON.createObjectNode();
        record.put("id", id);
        record.put("created", java.time.Instant.now().toString());
        record.set("settings", settings);
        record.put("summary", JobSettings.summary(settings));
        Job job = new Job(id, folder, record, Status.QUEUED);
        job.request = request;
        job.save();
        job.emit(job.event("queued"));
        return job;
    }

    /** A job of an earlier studio session; one that had not finished then is marked interrupted. */
    static Job load(Path folder) throws IOException {
        ObjectNode record = (ObjectNode) JSON.readTree(folder.resolve("job.json").toFile());
        Status s = Status.valueOf(record.path("status").asText("interrupted").toUpperCase(Locale.ROOT));
        Job job = new Job(record.get("id").asText(), folder, record, s.finished() ? s : Status.INTERRUPTED);
        if (!s.finished()) {
            job.record.put("message", "The studio stopped before this job finished.");
            job.save();
        }
        job.events.add(job.terminalEvent().toString());
        return job;
    }

    GenerationRequest request() {
        return request;
    }

    synchronized Status status() {
        return status;
    }

    /** The record as the API lists it. */
    synchronized ObjectNode describe(String videoUrl) {
        ObjectNode d = record.deepCopy();
        d.put("status", status.json());
        if (status == Status.DONE) {
            d.put("video", videoUrl);
        }
        return d;
    }

    synchronized void started() {
        status = Status.RUNNING;
        save();
        emit(event("running"));
    }

    synchronized void done(int frames, double fps, double audioSeconds, double seconds, List<String> warnings) {
        status = Status.DONE;
        record.put("frames", frames);
        record.put("fps", fps);
        record.put("audio_seconds", audioSeconds);
        record.put("seconds", seconds);
        record.set("warnings", JSON.valueToTree(warnings));
        save();
        emit(terminalEvent());
    }

    synchronized void failed(String message) {
        status = Status.FAILED;
        record.put("message", message);
        save();
        emit(terminalEvent());
    }

    /** Cancels a queued job at once; a running one stops within one model call. */
    synchronized void cancel() {
        token.cancel();
        if (status == Status.QUEUED) {
            cancelled();
        }
    }

    synchronized void cancelled() {
        if (status.finished()) {
            return;
        }
        status = Status.CANCELLED;
        record.put("message", "Cancelled; no video was written.");
        save();
        emit(terminalEvent());
    }

    private ObjectNode terminalEvent() {
        ObjectNode e = event(status.json());
        record.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("settings")) {
                e.set(f.getKey(), f.getValue());
            }
        });
        if (status == Status.DONE) {
            e.put("video", "jobs/" + id + "/" + VIDEO);
        }
        return e;
    }

    private ObjectNode event(String type) {
        ObjectNode e = JSON.createObjectNode();
        e.put("type", type);
        e.put("job", id);
        return e;
    }

    @Override
    public void onEvent(ProgressEvent event) {
        long now = System.nanoTime();
        if (event instanceof ProgressEvent.StageStarted s) {
            synchronized (this) {
                stage = s.stage();
                stageStart = now;
            }
            ObjectNode e = event("stage");
            e.put("stage", s.stage().name().toLowerCase(Locale.ROOT));
            e.put("label", label(s.stage()));
            emit(e);
        } else if (event instanceof ProgressEvent.DenoisingStep d) {
            ObjectNode e = progress(d.fraction(), now);
            e.put("step", d.step());
            e.put("steps", d.steps());
            e.put("window", d.window());
            e.put("windows", d.windows());
            emit(e);
        } else if (event instanceof ProgressEvent.FramesEncoded f) {
            ObjectNode e = progress((double) f.frames() / Math.max(1, f.totalFrames()), now);
            e.put("frames", f.frames());
            e.put("total_frames", f.totalFrames());
            emit(e);
        } else if (event instanceof ProgressEvent.Warning w) {
            ObjectNode e = event("warning");
            e.put("message", w.message());
            emit(e);
        }
    }

    /** Progress within the current stage, with the time it still needs at the rate so far. */
    private synchronized ObjectNode progress(double fraction, long now) {
        ObjectNode e = event("progress");
        e.put("stage", stage == null ? "" : stage.name().toLowerCase(Locale.ROOT));
        e.put("fraction", fraction);
        double elapsed = (now - stageStart) / 1e9;
        e.put("elapsed_seconds", elapsed);
        if (fraction > 0 && fraction < 1) {
            e.put("eta_seconds", elapsed / fraction * (1 - fraction));
        } else {
            e.put("eta_seconds", 0.0);
        }
        return e;
    }

    static String label(Stage s) {
        return switch (s) {
            case LOAD_INPUTS -> "Loading inputs";
            case LOAD_MODELS -> "Loading models";
            case REFERENCE -> "Encoding the portrait";
            case KEYPOINTS -> "Keypoint conditioning";
            case AUDIO -> "Audio features";
            case DENOISING -> "Denoising";
            case DECODING_AND_ENCODING -> "Decoding and encoding";
        };
    }

    private synchronized void emit(ObjectNode event) {
        events.add(event.toString());
        notifyAll();
    }

    /**
     * The events from index {@code from} on, waiting up to {@code waitMillis} for one when there is none yet.
     *
     * @return the new events (empty after a timeout), and whether the job has finished with them
     */
    synchronized List<String> eventsFrom(int from, long waitMillis) throws InterruptedException {
        if (events.size() <= from && !status.finished()) {
            wait(waitMillis);
        }
        return new ArrayList<>(events.subList(Math.min(from, events.size()), events.size()));
    }

    private void save() {
        record.put("status", status.json());
        try {
            Files.createDirectories(folder);
            Path temp = folder.resolve("job.json.tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), record);
            Files.move(temp, folder.resolve("job.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + folder.resolve("job.json") + ": " + e.getMessage(), e);
        }
    }
}
