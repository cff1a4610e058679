package io.vexpress.examples.batch;

import io.vexpress.GeneratorConfig;
import io.vexpress.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a finished job's output was made from, as one SHA-256: every setting of the request (defaults
 * included), the contents of its input files, and the model bundle (its manifest and the names and sizes of its
 * files) with the precision. A job whose output carries the same fingerprint is done and is skipped on resume.
 * The device is left out on purpose: the same job on another device is the same job.
 */
public final class JobFingerprint {
    private JobFingerprint() {
    }

    /**
     * @param job a valid job
     * @param generator the batch generator's settings
     * @throws InvalidInputException when an input file cannot be read
     */
    public static String of(BatchJob job, GeneratorConfig generator) {
        return of(job, generator.modelBundle(), generator.precision());
    }

    /** {@link #of(BatchJob, GeneratorConfig)} from the bundle folder and the precision alone. */
    public static String of(BatchJob job, Path modelBundle, io.vexpress.Precision precision) {
        MessageDigest sha = sha256();
        for (Map.Entry<String, String> s : job.settings().entrySet()) {
            line(sha, "setting " + s.getKey() + "=" + s.getValue());
        }
        for (Path input : job.inputs()) {
            line(sha, "input sha256=" + contentHash(input));
        }
        line(sha, "precision " + precision);
        bundle(sha, modelBundle);
        return HexFormat.of().formatHex(sha.digest());
    }

    /** SHA-256 of a file's bytes, hex. */
    public static String contentHash(Path file) {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read input " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void bundle(MessageDigest sha, Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                line(sha, "bundle " + name + " " + Files.size(f)
                        + (name.equals("manifest.json") ? " sha256=" + contentHash(f) : ""));
            }
        } catch (IOException e) {
            throw new InvalidInputException("Cannot list the model bundle " + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static void line(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
