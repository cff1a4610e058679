package io.vexpress.media.kps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.MediaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kind of broken or hostile file gets its own exception, before any large allocation. */
class KpsCodecHostileInputTest {
    private final KpsCodec codec = new KpsCodec();
    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private <T extends MediaException> T refused(Class<T> type, String name, byte[] content) throws IOException {
        Path p = file(name, content);
        return assertThrows(type, () -> codec.read(p));
    }

    private static byte[] pickle(String opcodes) {
        return opcodes.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- truncation ----

    @Test
    void truncatedArchivesAtManyLengths() throws IOException {
        byte[] whole = Files.readAllBytes(KpsCodecGoldenTest.golden("numpy_list_f4.pth"));
        // Every 5th length, and every length inside the central directory and its end record.
        for (int cut = 4; cut < whole.length; cut += cut < whole.length - 200 ? 5 : 1) {
            Path p = file("cut.pth", Arrays.copyOf(whole, cut));
            assertThrows(TruncatedKeypointFileException.class, () -> codec.read(p), "cut at " + cut);
        }
    }

    @Test
    void truncatedPickleInsideAValidArchive() throws IOException {
        byte[] pickle = TorchArchiveWriter.tensorPickle(2);
        byte[] cut = Arrays.copyOf(pickle, pickle.length - 5);
        refused(TruncatedKeypointFileException.class, "p.pth", TestArchives.torchFile(cut, TestArchives.floats(new float[12])));
    }

    @Test
    void truncatedStorage() throws IOException {
        refused(TruncatedKeypointFileException.class, "s.pth",
                TestArchives.torchFile(TorchArchiveWriter.tensorPickle(2), TestArchives.floats(new float[11])));
    }

    @Test
    void missingStorage() throws IOException {
        refused(TruncatedKeypointFileException.class, "m.pth", TestArchives.torchFile(TorchArchiveWriter.tensorPickle(2)));
    }

    @Test
    void truncatedNpyAndJsonAndEmptyFiles() throws IOException {
        byte[] npy = Files.readAllBytes(KpsCodecGoldenTest.golden("seq_f4.npy"));
        refused(TruncatedKeypointFileException.class, "a.npy", Arrays.copyOf(npy, npy.length - 1));
        refused(TruncatedKeypointFileException.class, "b.npy", Arrays.copyOf(npy, 20));
        byte[] json = Files.readAllBytes(KpsCodecGoldenTest.golden("seq_bare.json"));
        refused(TruncatedKeypointFileException.class, "c.json", Arrays.copyOf(json, json.length / 2));
        refused(TruncatedKeypointFileException.class, "d.pth", new byte[0]);
    }

    @Test
    void hugeDeclaredStringLengthIsNotAllocated() throws IOException {
        // BINUNICODE declaring 0xFFFFFFF0 bytes with none following.
        byte[] p = {(byte) 0x80, 2, 'X', (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        refused(TruncatedKeypointFileException.class, "u.pth", TestArchives.torchFile(p));
    }

    /** Found by the fuzzer: Commons Compress seeks to a negative Zip64 directory offset (IllegalArgumentException). */
    @Test
    void negativeZip64DirectoryOffsetIsReportedAsDamage() throws IOException {
        byte[] whole = Files.readAllBytes(KpsCodecGoldenTest.golden("tensor.pth"));
        int eocd = whole.length - 22;
        java.nio.ByteBuffer locator = java.nio.ByteBuffer.allocate(20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        locator.putInt(0x07064b50).putInt(0).putLong(-16L).putInt(1);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(whole, 0, eocd);
        b.write(locator.array());
        b.write(whole, eocd, 22);
        Path p = file("z64.pth", b.toByteArray());
        MediaException e = assertThrows(MediaException.class, () -> codec.read(p));
        assertTrue(e instanceof KeypointFileException, e.toString());
    }

    // ---- unsafe names ----

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "kps/../../etc/passwd", "/etc/passwd", "kps\\..\\x", "C:/x"})
    void entryNamesThatEscapeAreRefused(String name) throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("kps/data.pkl", TorchArchiveWriter.tensorPickle(1));
        m.put("kps/data/0", TestArchives.floats(1, 2, 3, 4, 5, 6));
        m.put(name, new byte[] {1});
        UnsafeArchiveEntryException e = refused(UnsafeArchiveEntryException.class, "n.pth", TestArchives.zip(m, false));
        // Commons Compress reports backslashes as slashes.
        assertTrue(e.getMessage().contains(name.replace('\\', '/')), e.getMessage());
    }

    // ---- size bombs ----

    @Test
    void zipBombDeclaredSizeIsRefusedWithoutInflating() throws IOException {
        byte[] zeros = new byte[17 << 20]; // deflates to ~17 KB, declares 17 MiB
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("kps/data.pkl", zeros);
        byte[] zip = TestArchives.zip(m, true);
        assertTrue(zip.length < 200_000);
        refused(KeypointFileTooLargeException.class, "bomb.pth", zip);
    }

    @Test
    void zipBombWithLyingSizeFieldsStopsAtTheLimit() throws IOException {
        byte[] zeros = new byte[17 << 20];
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("kps/data.pkl", zeros);
        byte[] zip = TestArchives.zip(m, true);
        // Claim 100 bytes uncompressed in the local and central headers.
        patchUncompressedSize(zip, 0x04034b50, 22, 100);
        patchUncompressedSize(zip, 0x02014b50, 24, 100);
        refused(KeypointFileTooLargeException.class, "liar.pth", zip);
    }

    private static void patchUncompressedSize(byte[] zip, int signature, int offset, int size) {
        for (int i = 0; i + 4 <= zip.length; i++) {
            int sig = (zip[i] & 0xFF) | (zip[i + 1] & 0xFF) << 8 | (zip[i + 2] & 0xFF) << 16 | (zip[i + 3] & 0xFF) << 24;
            if (sig == signature) {
                zip[i + offset] = (byte) size;
                zip[i + offset + 1] = (byte) (size >>> 8);
                zip[i + offset + 2] = (byte) (size >>> 16);
                zip[i + offset + 3] = (byte) (size >>> 24);
                return;
            }
        }
        throw new AssertionError("signature not found");
    }

    @Test
    void hugeDeclaredShapesAreRefused() throws IOException {
        refused(KeypointFileTooLargeException.class, "t.pth", TestArchives.torchFile(
                TestArchives.tensorPickle(Integer.MAX_VALUE, 0, new long[] {1, 3, 2}, new long[] {6, 2, 1}),
                TestArchives.floats(new float[6])));
        refused(KeypointFileTooLargeException.class, "u.pth", TestArchives.torchFile(
                TestArchives.tensorPickle(6, 0, new long[] {1_000_000_000, 3, 2}, new long[] {0, 2, 1}),
                TestArchives.floats(new float[6])));
        byte[] npyHeader = ("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000, 3, 2), }" + " ".repeat(43) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream npy = new ByteArrayOutputStream();
        npy.write(NpyFormat.MAGIC);
        npy.write(new byte[] {1, 0, (byte) npyHeader.length, 0});
        npy.write(npyHeader);
        refused(KeypointFileTooLargeException.class, "h.npy", npy.toByteArray());
    }

    @Test
    void manySmallContainersAreBounded() throws IOException {
        // One list holding 6 lists of 200k empty lists each: every list is under the per-list limit, but
        // together they exceed the total, which would otherwise grow with the pickle size.
        String body = "\u0080\u0002]" + ("]" + "]a".repeat(200_000) + "a").repeat(6) + ".";
        KeypointFileTooLargeException e = refused(KeypointFileTooLargeException.class, "many.pth", TestArchives.torchFile(pickle(body)));
        assertTrue(e.getMessage().contains("containers and items"), e.getMessage());
    }

    @Test
    void oversizedFileIsRefusedBeforeReading() throws IOException {
        Path p = dir.resolve("sparse.json");
        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(java.nio.ByteBuffer.wrap("[".getBytes()), KpsCodec.MAX_FILE_BYTES + 10);
        }
        assertThrows(KeypointFileTooLargeException.class, () -> codec.read(p));
    }

    // ---- nesting ----

    @Test
    void deepMarksAreRefused() throws IOException {
        refused(NestingTooDeepException.class, "m.pth", TestArchives.torchFile(pickle("\u0080\u0002" + "(".repeat(100) + ".")));
    }

    @Test
    void deepListsAreRefused() throws IOException {
        // ]q\0 then 40 times: ] h\0 a q\0 -> each new list holds the previous one.
        StringBuilder s = new StringBuilder("\u0080\u0002]q\u0000");
        for (int i = 0; i < 40; i++) {
            s.append("0]h\u0000aq\u0000");
        }
        s.append('.');
        refused(NestingTooDeepException.class, "l.pth", TestArchives.torchFile(pickle(s.toString())));
    }

    @Test
    void deepTuplesAreRefused() throws IOException {
        String s = "\u0080\u0002]" + "\u0085".repeat(40) + ".";
        refused(NestingTooDeepException.class, "t.pth", TestArchives.torchFile(pickle(s)));
    }

    @Test
    void selfContainingListIsRefused() throws IOException {
        // l = []; l.append(l) repeatedly: depth grows until refused, no infinite loop.
        String s = "\u0080\u0002]q\u0000" + "h\u0000a".repeat(40) + ".";
        refused(NestingTooDeepException.class, "c.pth", TestArchives.torchFile(pickle(s)));
    }

    @Test
    void deepJsonIsRefused() throws IOException {
        refused(NestingTooDeepException.class, "d.json", ("[".repeat(200) + "]".repeat(200)).getBytes(StandardCharsets.US_ASCII));
    }

    // ---- globals ----

    @ParameterizedTest
    @ValueSource(strings = {"os\nsystem\n", "builtins\neval\n", "posix\nsystem\n", "torch._utils\n_rebuild_parameter\n",
        "numpy\nload\n", "subprocess\nPopen\n"})
    void forbiddenGlobalsAreNamed(String global) throws IOException {
        String body = "\u0080\u0002c" + global + "X\u0002\u0000\u0000\u0000ls\u0085R.";
        ForbiddenPickleGlobalException e = refused(ForbiddenPickleGlobalException.class, "g.pth",
                TestArchives.torchFile(pickle(body)));
        String dotted = global.trim().replace('\n', '.');
        assertTrue(e.getMessage().contains("'" + dotted + "'"), e.getMessage());
    }

    @Test
    void stackGlobalIsCheckedToo() throws IOException {
        String body = "\u0080\u0004\u008c\u0002os\u008c\u0006system\u0093.";
        ForbiddenPickleGlobalException e = refused(ForbiddenPickleGlobalException.class, "g.pth", TestArchives.torchFile(pickle(body)));
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
    }

    @Test
    void unknownOpcodesAreRefused() throws IOException {
        // 'i' (INST) instantiates by name in real pickle.
        KeypointFileException e = refused(KeypointFileException.class, "i.pth", TestArchives.torchFile(pickle("\u0080\u0002(ios\nsystem\n.")));
        assertTrue(e.getMessage().contains("0x69"), e.getMessage());
    }

    @Test
    void legacyTorchFormatIsExplained() throws IOException {
        KeypointFileException e = refused(KeypointFileException.class, "old.pth",
                new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e});
        assertTrue(e.getMessage().contains("legacy"), e.getMessage());
    }

    // ---- shapes ----

    @Test
    void wrongTensorShape() throws IOException {
        KeypointShapeException e = refused(KeypointShapeException.class, "w.pth", TestArchives.torchFile(
                TestArchives.tensorPickle(12, 0, new long[] {2, 2, 3}, new long[] {6, 3, 1}), TestArchives.floats(new float[12])));
        assertTrue(e.getMessage().contains("[2, 2, 3]"), e.getMessage());
    }

    @Test
    void tensorViewPastItsStorage() throws IOException {
        refused(KeypointShapeException.class, "v.pth", TestArchives.torchFile(
                TestArchives.tensorPickle(6, 1, new long[] {1, 3, 2}, new long[] {6, 2, 1}), TestArchives.floats(new float[6])));
    }

    @Test
    void wrongRootType() throws IOException {
        refused(KeypointShapeException.class, "d.pth", TestArchives.torchFile(pickle("\u0080\u0002}.")));
        refused(KeypointShapeException.class, "e.pth", TestArchives.torchFile(pickle("\u0080\u0002].")));
        refused(KeypointShapeException.class, "f.pth", TestArchives.torchFile(pickle("\u0080\u0002]K\u0001a.")));
    }

    @Test
    void wrongJsonAndNpyShapes() throws IOException {
        refused(KeypointShapeException.class, "a.json", "[[[1, 2], [3, 4]]]".getBytes(StandardCharsets.US_ASCII));
        refused(KeypointShapeException.class, "b.json", "[[[1, 2], [3, 4], [5, \"6\"]]]".getBytes(StandardCharsets.US_ASCII));
        refused(KeypointFileException.class, "t.json", "[[[1, 2], [3, 4], [5, 6]]] [".getBytes(StandardCharsets.US_ASCII));
        refused(KeypointShapeException.class, "c.json", "{\"format\": \"vexpress-kps\", \"version\": 1, \"frames\": []}"
                .getBytes(StandardCharsets.US_ASCII));
        Path npy = dir.resolve("w.npy");
        byte[] header = ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 6), }" + " ".repeat(53) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(NpyFormat.MAGIC);
        b.write(new byte[] {1, 0, (byte) header.length, 0});
        b.write(header);
        b.write(new byte[48]);
        Files.write(npy, b.toByteArray());
        assertThrows(KeypointShapeException.class, () -> codec.read(npy));
        Files.write(npy, b.toString(StandardCharsets.ISO_8859_1).replace("<f4", "<i4").getBytes(StandardCharsets.ISO_8859_1));
        assertThrows(KeypointShapeException.class, () -> codec.read(npy));
        // Found by the fuzzer: a malformed shape must not escape as NumberFormatException.
        Files.write(npy, b.toString(StandardCharsets.ISO_8859_1).replace("(2, 6)", "(2, 6 1)").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(KeypointFileException.class, assertThrows(KeypointFileException.class, () -> codec.read(npy)).getClass());
    }

    // ---- values ----

    @Test
    void nanAndInfinityAreRefusedNamingTheFrame() throws IOException {
        NonFiniteKeypointException e = refused(NonFiniteKeypointException.class, "n.pth", TestArchives.torchFile(
                TestArchives.tensorPickle(12, 0, new long[] {2, 3, 2}, new long[] {6, 2, 1}),
                TestArchives.floats(1, 2, 3, 4, 5, 6, 7, 8, 9, Float.NaN, 11, 12)));
        assertTrue(e.getMessage().contains("frame 1"), e.getMessage());
        refused(NonFiniteKeypointException.class, "i.json", "[[[1, 2], [3, 4], [5, 1e39]]]".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void notAKeypointFile() throws IOException {
        KeypointFileException e = refused(KeypointFileException.class, "x.pth", "hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals(KeypointFileException.class, e.getClass());
        MediaException missing = assertThrows(MediaException.class, () -> codec.read(dir.resolve("absent.pth")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
