package io.vexpress.media.kps;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.keypoints.KeypointSequence;
import java.io.IOException;
import java.io.Writer;

/**
 * The JSON form of a keypoint sequence (see {@code docs/kps-format.md}):
 * <pre>{"format": "vexpress-kps", "version": 1, "frames": [[[lx, ly], [rx, ry], [nx, ny]], ...]}</pre>
 * A bare {@code [[[lx, ly], [rx, ry], [nx, ny]], ...]} array (Python's {@code json.dump(kps.tolist())}) is
 * read too. Values are pixels of the 512x512 image; they are stored as float32.
 */
final class JsonKeypointFormat {
    static final String FORMAT = "vexpress-kps";
    static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16) // the format nests 4 deep
                    .maxNumberLength(64)
                    .maxStringLength(1024)
                    .build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonKeypointFormat() {
    }

    static KeypointSequence read(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            if (reason != null && reason.contains("nesting depth")) {
                throw new NestingTooDeepException(source + ": the JSON nests deeper than a keypoint file does ("
                        + reason + ").", e);
            }
            if (reason != null && reason.contains("end-of-input")) {
                throw new TruncatedKeypointFileException(source + ": the JSON ends early; the file is truncated.", e);
            }
            throw new KeypointFileException(source + ": not valid JSON: " + reason, e);
        } catch (IOException e) {
            throw new KeypointFileException(source + ": cannot parse JSON: " + e.getMessage(), e);
        }
        JsonNode frames = root;
        if (root != null && root.isObject()) {
            JsonNode format = root.get("format");
            if (format == null || !FORMAT.equals(format.asText())) {
                throw new KeypointFileException(source + ": a JSON keypoint file needs \"format\": \"" + FORMAT + "\".");
            }
            JsonNode version = root.get("version");
            if (version == null || !version.isInt() || version.asInt() != VERSION) {
                throw new KeypointFileException(source + ": JSON keypoint format version " + version
                        + " is not supported (version " + VERSION + " is).");
            }
            frames = root.get("frames");
        }
        if (frames == null || !frames.isArray() || frames.isEmpty()) {
            throw new KeypointShapeException(source + ": the JSON needs a non-empty \"frames\" array of [[x, y], [x, y], [x, y]].");
        }
        if (frames.size() > RestrictedUnpickler.MAX_ELEMENTS / 6) {
            throw new KeypointFileTooLargeException(source + ": the JSON holds " + frames.size() + " frames, more than this reader accepts.");
        }
        float[] xy = new float[frames.size() * 6];
        for (int f = 0; f < frames.size(); f++) {
            JsonNode frame = frames.get(f);
            if (!frame.isArray() || frame.size() != 3) {
                throw shape(source, f);
            }
            for (int p = 0; p < 3; p++) {
                JsonNode point = frame.get(p);
                if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber() || !point.get(1).isNumber()) {
                    throw shape(source, f);
                }
                xy[f * 6 + p * 2] = (float) point.get(0).doubleValue();
                xy[f * 6 + p * 2 + 1] = (float) point.get(1).doubleValue();
            }
        }
        return KeypointArrays.checked(xy, source);
    }

    private static KeypointShapeException shape(String source, int frame) {
        return new KeypointShapeException(source + ": JSON frame " + frame
                + " is not [[x, y], [x, y], [x, y]] (left eye, right eye, nose) with numbers.");
    }

    static void write(KeypointSequence sequence, Writer out) throws IOException {
        out.write("{\"format\": \"" + FORMAT + "\", \"version\": " + VERSION + ", \"frames\": [\n");
        for (int f = 0; f < sequence.frameCount(); f++) {
            out.write("  [");
            for (int p = 0; p < 3; p++) {
                // Float.toString round-trips exactly to the same float32.
                out.write((p == 0 ? "[" : ", [") + Float.toString(sequence.get(f, p, 0)) + ", "
                        + Float.toString(sequence.get(f, p, 1)) + "]");
            }
            out.write(f + 1 < sequence.frameCount() ? "],\n" : "]\n");
        }
        out.write("]}\n");
    }
}
