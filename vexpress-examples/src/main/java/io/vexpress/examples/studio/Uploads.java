package io.vexpress.examples.studio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vexpress.CancellationToken;
import io.vexpress.VExpressException;
import io.vexpress.core.extract.ExtractionMode;
import io.vexpress.core.extract.ExtractionResult;
import io.vexpress.core.extract.KeypointExtractor;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.AudioDecoder;
import io.vexpress.spi.ImageDecoder;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.Services;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The files dropped on the page, each in its own folder under {@code uploads/} with a {@code meta.json}, checked
 * with the decoders {@code generate} uses before they are accepted: a portrait must decode, audio must hold
 * samples, a keypoint file must parse, a driving video goes through extract-kps (tolerant: frames without a face
 * are filled from their neighbours) and becomes a keypoint upload.
 */
final class Uploads {
    /** What can be uploaded, with its size limit. */
    enum Kind {
        PORTRAIT(40L << 20), AUDIO(100L << 20), KPS(20L << 20), VIDEO(500L << 20);

        final long defaultLimit;

        Kind(long defaultLimit) {
            this.defaultLimit = defaultLimit;
        }

        static Kind parse(String name) {
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return k;
                }
            }
            throw new StudioException(400, "Unknown upload kind '" + name + "'; use portrait, audio, kps or video.");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path folder;
    private final long maxBytes;
    private final FaceKeypointDetector detector;

    Uploads(Path folder, long maxBytes, FaceKeypointDetector detector) {
        this.folder = folder;
        this.maxBytes = maxBytes;
        this.detector = detector;
    }

    long limit(Kind kind) {
        return Math.min(kind.defaultLimit, maxBytes);
    }

    /**
     * Stores and checks one upload.
     *
     * @param declaredLength the request's Content-Length, or -1
     * @return its description (id, kind, name, bytes and what the check found)
     */
    ObjectNode store(Kind kind, String originalName, long declaredLength, InputStream body) {
        long limit = limit(kind);
        if (declaredLength > limit) {
            throw new StudioException(413, tooLarge(kind, declaredLength, limit));
        }
        String name = safeName(kind, originalName);
        String id = Ids.next();
        Path dir = folder.resolve(id);
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            long copied = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = body.read(buffer)) > 0; ) {
                    copied += n;
                    if (copied > limit) {
                        throw new StudioException(413, tooLarge(kind, copied, limit));
                    }
                    out.write(buffer, 0, n);
                }
            }
            if (copied == 0) {
                throw new StudioException(400, "The " + label(kind) + " " + name + " is empty.");
            }
            ObjectNode meta = JSON.createObjectNode();
            meta.put("id", id);
            meta.put("kind", kind.name().toLowerCase(Locale.ROOT));
            meta.put("name", name);
            meta.put("bytes", copied);
            check(kind, file, meta);
            JSON.writeValue(dir.resolve("meta.json").toFile(), meta);
            return meta;
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("Cannot store the upload in " + dir + ": " + e.getMessage(), e);
        } catch (VExpressException e) {
            deleteTree(dir);
            throw new StudioException(400, "The " + label(kind) + " " + name + " cannot be used: " + e.message(PageNames.PAGE));
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    private void check(Kind kind, Path file, ObjectNode meta) {
        switch (kind) {
            case PORTRAIT -> {
                RgbImage image = Services.require(ImageDecoder.class, "vexpress-media").decode(file, true);
                meta.put("width", image.width());
                meta.put("height", image.height());
            }
            case AUDIO -> {
                PcmAudio audio = Services.require(AudioDecoder.class, "vexpress-media").decode(file);
                if (audio.frameCount() == 0) {
                    throw new StudioException(400, "The audio " + file.getFileName() + " holds no samples; give speech of 1-60 s.");
                }
                meta.put("seconds", audio.durationSeconds());
            }
            case KPS -> {
                KeypointSequence kps = Services.require(KeypointSequenceCodec.class, "vexpress-media").read(file);
                meta.put("frames", kps.frameCount());
            }
            case VIDEO -> {
                ExtractionResult result = KeypointExtractor.builder(detector).mode(ExtractionMode.TOLERANT)
                        .cancellation(new CancellationToken()).build()
                        .extractTo(file, file.resolveSibling("kps.pth"), null);
                meta.put("frames", result.frameCount());
                meta.put("fps", result.fps());
                meta.put("filled_frames", result.filledFrames().size());
                meta.put("kps_file", "kps.pth");
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** The stored file of upload {@code id}, checked to be of {@code kind} (a video counts as keypoints). */
    Path file(String id, Kind kind) {
        ObjectNode meta = meta(id).orElseThrow(() -> new StudioException(400,
                "Upload " + id + " does not exist (any more); drop the " + label(kind) + " again."));
        Kind stored = Kind.parse(meta.get("kind").asText());
        if (kind == Kind.KPS && stored == Kind.VIDEO) {
            return folder.resolve(id).resolve(meta.get("kps_file").asText());
        }
        if (stored != kind) {
            throw new StudioException(400, "Upload " + id + " is a " + label(stored) + ", not a " + label(kind) + ".");
        }
        return folder.resolve(id).resolve(meta.get("name").asText());
    }

    /** The frame rate a driving video was extracted at, when {@code id} is one. */
    Optional<Double> videoFps(String id) {
        return meta(id).filter(m -> m.has("fps")).map(m -> m.get("fps").asDouble());
    }

    private Optional<ObjectNode> meta(String id) {
        if (!Ids.valid(id)) {
            throw new StudioException(400, "Invalid upload id '" + id + "'.");
        }
        Path meta = folder.resolve(id).resolve("meta.json");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) JSON.readTree(meta.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String label(Kind kind) {
        return switch (kind) {
            case PORTRAIT -> "portrait";
            case AUDIO -> "audio file";
            case KPS -> "keypoint file";
            case VIDEO -> "driving video";
        };
    }

    private static String tooLarge(Kind kind, long bytes, long limit) {
        return String.format(Locale.ROOT, "The %s is too large (%s; the limit is %s).", label(kind),
                megabytes(bytes), megabytes(limit));
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    /** A file name safe on every file system, keeping the extension the decoders choose the format by. */
    static String safeName(Kind kind, String name) {
        String base = name == null ? "" : name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        while (base.startsWith(".")) {
            base = base.substring(1);
        }
        if (base.isEmpty()) {
            base = "upload";
        }
        if (base.length() > 100) {
            base = base.substring(base.length() - 100);
        }
        if (kind == Kind.KPS) {
            String lower = base.toLowerCase(Locale.ROOT);
            if (!(lower.endsWith(".pth") || lower.endsWith(".npy") || lower.endsWith(".json"))) {
                throw new StudioException(400, "A keypoint file must be a kps.pth (as V-Express's extract script writes it),"
                        + " .npy or .json; got " + base + ".");
            }
        }
        return base;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover folder in the work folder is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
