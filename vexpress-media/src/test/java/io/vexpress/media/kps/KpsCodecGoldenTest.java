package io.vexpress.media.kps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.Services;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Reads the files tools/goldens/kps_codec.py made with torch.save / numpy / json, and pins what our writer writes. */
class KpsCodecGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KpsCodec codec = new KpsCodec();

    static Path golden(String name) {
        try {
            return Path.of(KpsCodecGoldenTest.class.getResource("/golden/kps_codec/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource golden/kps_codec/" + name, e);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).doubleValue();
        }
        return out;
    }

    @TestFactory
    Stream<DynamicTest> readsEveryReferenceFixtureExactly() throws IOException {
        JsonNode expected = JSON.readTree(golden("expected.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                KeypointSequence seq = codec.read(golden(e.getKey()));
                assertArrayEquals(floats(e.getValue()), seq.toArray(), e.getKey());
            }));
        }
        assertTrue(tests.size() >= 14);
        return tests.stream();
    }

    @Test
    void realVExpressFileHasItsFrames() {
        KeypointSequence seq = codec.read(golden("vexpress_tys_kps.pth"));
        assertTrue(seq.frameCount() > 50, "frames: " + seq.frameCount());
    }

    @Test
    void refusesForbiddenGlobalNamingIt() {
        ForbiddenPickleGlobalException e = assertThrows(ForbiddenPickleGlobalException.class,
                () -> codec.read(golden("forbidden_global.pth")));
        assertTrue(e.getMessage().contains("collections.Counter"), e.getMessage());
    }

    @Test
    void isFoundThroughServiceLoader() {
        KeypointSequenceCodec found = Services.require(KeypointSequenceCodec.class, "vexpress-media");
        assertEquals(KpsCodec.class, found.getClass());
    }

    /** Sequences the writer test writes; python's verify step loads exactly these files. */
    static Map<String, KeypointSequence> writerInputs() {
        Map<String, KeypointSequence> m = new LinkedHashMap<>();
        float[] a = new float[7 * 6];
        for (int i = 0; i < a.length; i++) {
            a[i] = 100f + i * 13.371f - (i % 5) * 0.1f;
        }
        a[3] = -0.0f;
        a[4] = Float.MIN_VALUE; // a subnormal must survive every format
        a[5] = 3.4e38f;
        a[6] = -1e-7f;
        KeypointSequence seq = KeypointSequence.of(a);
        m.put("written.pth", seq);
        m.put("written.npy", seq);
        m.put("written.json", seq);
        m.put("single_frame.pth", KeypointSequence.of(new float[] {185.47333f, 218.57632f, 278.91803f, 219.1f, 232.5f, 280.25f}));
        float[] big = new float[300 * 6]; // 300 frames: sizes above one byte in the pickle
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) (256 + 200 * Math.sin(i * 0.01));
        }
        m.put("long.pth", KeypointSequence.of(big));
        m.put("long_vexpress_layout.pth", KeypointSequence.of(big)); // written as KeypointFileFormat.TORCH_NUMPY_LIST
        return m;
    }

    @Test
    void writerOutputIsByteIdenticalToTheFilesTorchVerified(@TempDir Path dir) throws IOException {
        Path out = Path.of(System.getProperty("kps.writtenDir", dir.toString()));
        Map<String, Object> expected = new LinkedHashMap<>();
        for (Map.Entry<String, KeypointSequence> e : writerInputs().entrySet()) {
            Path file = out.resolve(e.getKey());
            if (e.getKey().endsWith("_vexpress_layout.pth")) {
                codec.write(e.getValue(), file, KeypointFileFormat.TORCH_NUMPY_LIST);
            } else {
                codec.write(e.getValue(), file);
            }
            List<Double> values = new ArrayList<>();
            for (float v : e.getValue().toArray()) {
                values.add((double) v);
            }
            expected.put(e.getKey(), values);
            // Round trip through our own reader.
            assertEquals(e.getValue(), codec.read(file), e.getKey());
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("expected.json").toFile(), expected);
        for (String name : expected.keySet()) {
            // The committed copy is what `kps_codec.py verify` loaded with torch.load(weights_only=True).
            byte[] verified = Files.readAllBytes(golden("java_written/" + name));
            assertArrayEquals(verified, Files.readAllBytes(out.resolve(name)), name + " differs from the torch-verified copy;"
                    + " rerun this test with -Dkps.writtenDir=<abs path of src/test/resources/golden/kps_codec/java_written>"
                    + " and then tools/goldens/kps_codec.py verify");
        }
        try (InputStream in = Files.newInputStream(golden("java_written/expected.json"))) {
            assertEquals(JSON.readTree(in), JSON.readTree(out.resolve("expected.json").toFile()));
        }
    }

    @Test
    void refusesUnknownExtensionsAndMissingArguments(@TempDir Path dir) {
        KeypointSequence seq = KeypointSequence.of(new float[] {1, 2, 3, 4, 5, 6});
        assertThrows(io.vexpress.InvalidInputException.class, () -> codec.write(seq, dir.resolve("kps.txt")));
        assertThrows(io.vexpress.InvalidInputException.class, () -> codec.write(null, dir.resolve("kps.pth")));
        assertThrows(io.vexpress.InvalidInputException.class, () -> codec.write(seq, null));
        assertEquals(KeypointFileFormat.TORCH, KeypointFileFormat.forFileName(Path.of("a/B.PT")));
    }

    @Test
    void failedWriteLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Path blocker = dir.resolve("not-a-folder");
        Files.writeString(blocker, "x");
        KeypointSequence seq = KeypointSequence.of(new float[] {1, 2, 3, 4, 5, 6});
        assertThrows(io.vexpress.MediaException.class, () -> codec.write(seq, blocker.resolve("kps.pth")));
        Path target = dir.resolve("kps.pth");
        codec.write(seq, target);
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (!Files.isWritable(dir)) { // root ignores permissions
                assertThrows(io.vexpress.MediaException.class, () -> codec.write(KeypointSequence.of(new float[6]), target));
                assertEquals(seq, codec.read(target), "the old file must survive a failed write");
            }
        } finally {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(2, s.count(), "only the blocker and the written file");
        }
    }

    @Test
    void writesAtomicallyLeavingNoTempFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/kps.pth");
        KeypointSequence seq = KeypointSequence.of(new float[] {1, 2, 3, 4, 5, 6});
        codec.write(seq, file);
        codec.write(seq, file); // replaces
        try (Stream<Path> s = Files.list(dir.resolve("sub"))) {
            assertEquals(List.of(file), s.toList());
        }
    }
}
