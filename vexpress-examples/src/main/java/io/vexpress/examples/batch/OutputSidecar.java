package io.vexpress.examples.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vexpress.media.files.AtomicTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <output>.vexpress.json} next to a batch's video: the job's {@link JobFingerprint fingerprint} and what
 * the generation made. Written after the video is in place, so a sidecar whose fingerprint matches means the
 * video is complete and made from the same inputs and settings.
 *
 * @param fingerprint the job's fingerprint
 * @param jobId the job id
 * @param frames frames written
 * @param fps exact frame rate
 * @param seconds the generation's wall time
 */
public record OutputSidecar(String fingerprint, String jobId, int frames, double fps, double seconds) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Appended to the video's file name. */
    public static final String SUFFIX = ".vexpress.json";

    /** Where the sidecar of {@code video} lives. */
    public static Path of(Path video) {
        return video.resolveSibling(video.getFileName() + SUFFIX);
    }

    /** The sidecar of {@code video}, if it and the video exist and the sidecar is readable. */
    public static Optional<OutputSidecar> read(Path video) {
        Path file = of(video);
        if (!Files.isRegularFile(video) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: the job runs again
        }
    }

    /** Parses a sidecar's bytes. */
    public static OutputSidecar parse(byte[] json) throws IOException {
        JsonNode n = JSON.readTree(json);
        return new OutputSidecar(n.get("fingerprint").asText(), n.get("job_id").asText(), n.get("frames").asInt(),
                n.get("fps").asDouble(), n.get("seconds").asDouble());
    }

    /** The sidecar as JSON bytes. */
    public byte[] toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("fingerprint", fingerprint);
        n.put("job_id", jobId);
        n.put("frames", frames);
        n.put("fps", fps);
        n.put("seconds", seconds);
        n.put("written_by", "vexpress batch");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the sidecar of {@code video} atomically. */
    public void write(Path video) {
        AtomicTarget target = AtomicTarget.create(of(video), false);
        try {
            Files.write(target.temp(), toJson());
            target.commit();
        } catch (IOException e) {
            throw new io.vexpress.MediaException("Cannot write " + of(video) + ": " + e.getMessage(), e);
        } finally {
            target.discard();
        }
    }
}
