package io.vexpress.media.kps;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vexpress.InvalidInputException;
import io.vexpress.MediaException;
import io.vexpress.keypoints.KeypointSequence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzz tests (Jazzer) of the readers that take hostile bytes: kps.pth (ZIP archive and restricted
 * unpickler), {@code .npy} and JSON keypoint files. On any input a reader either returns a valid sequence or throws
 * one of our exceptions ({@link MediaException}, {@link InvalidInputException}); anything else (another runtime
 * exception, an error such as {@code OutOfMemoryError} or {@code StackOverflowError}, or a hang, which libFuzzer
 * reports as a timeout) is a finding.
 *
 * <p>A normal build replays the committed corpus in {@code src/test/resources/io/vexpress/media/kps/
 * KeypointReadersFuzzTestInputs/} (files there are shared by every method, a method's own folder holds its findings).
 * To fuzz one method for its {@code maxDuration} (see docs/media.md):
 * <pre>JAZZER_FUZZ=1 mvn -B -ntp -pl vexpress-media -am test -Dtest=KeypointReadersFuzzTest#anyKeypointFile -Dsurefire.failIfNoSpecifiedTests=false</pre>
 * A crash or hang is written into that method's inputs folder: commit it with the fix.
 */
class KeypointReadersFuzzTest {
    private static final byte[] ONE_FACE = oneFace();
    private static Path file;

    private static byte[] oneFace() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {190, 220, 320, 220, 255, 300}) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static Path scratch(byte[] bytes) {
        try {
            if (file == null) {
                file = Files.createTempFile("vexpress-fuzz", ".bin");
            }
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeScratch() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    /** Our exceptions are the expected ways to refuse an input; everything else escapes and is a finding. */
    private static void checked(Runnable read) {
        try {
            read.run();
        } catch (MediaException | InvalidInputException expected) {
            if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                throw new AssertionError("an exception without a message", expected);
            }
        }
    }

    private static void valid(KeypointSequence sequence) {
        float[] xy = sequence.toArray();
        if (xy.length != sequence.frameCount() * 6) {
            throw new AssertionError("inconsistent sequence: " + sequence.frameCount() + " frames, " + xy.length + " values");
        }
        for (float v : xy) {
            if (!Float.isFinite(v)) {
                throw new AssertionError("non-finite keypoint " + v);
            }
        }
    }

    /** The public reader on any file: format sniffing, the size limit and every parser behind it. */
    @FuzzTest(maxDuration = "5m")
    void anyKeypointFile(byte[] bytes) {
        Path input = scratch(bytes);
        checked(() -> valid(new KpsCodec().read(input)));
    }

    /**
     * The restricted unpickler and the array decoding behind it, on the pickle alone; torch storages it asks for hold
     * one face (six little-endian floats), so tensor layouts get past the storage lookup.
     */
    @FuzzTest(maxDuration = "5m")
    void pickle(byte[] pickle) {
        RestrictedUnpickler.StorageSource storages = (key, maxBytes) -> {
            if (ONE_FACE.length > maxBytes) {
                throw new KeypointFileTooLargeException("fuzz: storage '" + key + "' exceeds " + maxBytes + " bytes");
            }
            return ONE_FACE.clone();
        };
        checked(() -> valid(KeypointArrays.fromPickled(RestrictedUnpickler.load(pickle, "fuzz", storages), "fuzz")));
    }

    @FuzzTest(maxDuration = "5m")
    void npy(byte[] bytes) {
        checked(() -> valid(NpyFormat.read(bytes, "fuzz")));
    }

    @FuzzTest(maxDuration = "5m")
    void json(byte[] bytes) {
        checked(() -> valid(JsonKeypointFormat.read(bytes, "fuzz")));
    }
}
