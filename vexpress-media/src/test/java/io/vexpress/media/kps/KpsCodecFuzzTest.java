package io.vexpress.media.kps;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vexpress.MediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer: mutates the golden kps.pth, .npy and JSON files (and, separately, bare
 * pickles fed straight to the pickle machine) and requires that every input either reads or fails with a
 * {@link MediaException}: never another exception, a hang, or an OutOfMemoryError. Bounded in time
 * ({@code -Dkps.fuzz.seconds}, default 3) so that it runs in CI; {@code -Dkps.fuzz.seed} replays a run.
 */
class KpsCodecFuzzTest {
    private static final String[] SEEDS = {"numpy_list_f4.pth", "numpy_list_f8_big_endian.pth", "numpy_list_fortran.pth",
        "tensor.pth", "tensor_strided.pth", "tensor_sliced.pth", "tensor_f16.pth", "tensor_list_f8.pth",
        "forbidden_global.pth", "nested_python_lists.pth", "seq_f4.npy", "seq_f8_big_endian_fortran.npy", "seq_bare.json"};
    private static final byte[] INTERESTING = {0, 1, -1, 0x7f, (byte) 0x80, '(', 't', 'R', 'b', 'a', 'e', 'q', 'h', 'X', 'J',
        'K', 'Q', '.', ']', ')', '}', (byte) 0x85, (byte) 0x86, (byte) 0x87, '[', '{', ',', '"', '9'};

    private final long seconds = Long.getLong("kps.fuzz.seconds", 3);
    private final long seed = Long.getLong("kps.fuzz.seed", 20261126L);

    @Test
    void mutatedFilesReadOrFailWithMediaException(@TempDir Path dir) throws IOException {
        List<byte[]> corpus = new ArrayList<>();
        for (String s : SEEDS) {
            corpus.add(Files.readAllBytes(KpsCodecGoldenTest.golden(s)));
        }
        KpsCodec codec = new KpsCodec();
        Random random = new Random(seed);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L / 2;
        int runs = 0;
        int accepted = 0;
        Path file = dir.resolve("fuzz.bin");
        while (runs < 300 || (System.nanoTime() < deadline && runs < 200_000)) {
            byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), random);
            Files.write(file, input);
            try {
                codec.read(file);
                accepted++;
            } catch (MediaException expected) {
                // the only allowed failure
            } catch (RuntimeException | Error e) {
                fail("run " + runs + " (seed " + seed + "): " + e + " for input " + hex(input), e);
            }
            runs++;
        }
        assertTrue(runs > 50, "only " + runs + " runs");
        assertTrue(accepted > 0 && accepted < runs, accepted + " of " + runs + " accepted");
    }

    @Test
    void mutatedPicklesReadOrFailWithMediaException() throws IOException {
        List<byte[]> corpus = new ArrayList<>();
        Map<String, byte[]> storages = new HashMap<>();
        for (String s : SEEDS) {
            if (s.endsWith(".pth")) {
                try (var zip = org.apache.commons.compress.archivers.zip.ZipFile.builder()
                        .setPath(KpsCodecGoldenTest.golden(s)).get()) {
                    for (var e : java.util.Collections.list(zip.getEntries())) {
                        byte[] data = zip.getInputStream(e).readAllBytes();
                        if (e.getName().endsWith("data.pkl")) {
                            corpus.add(data);
                        } else if (e.getName().contains("/data/")) {
                            storages.put(e.getName().substring(e.getName().lastIndexOf('/') + 1), data);
                        }
                    }
                }
            }
        }
        RestrictedUnpickler.StorageSource source = (key, max) -> {
            byte[] b = storages.get(key);
            if (b == null) {
                throw new TruncatedKeypointFileException("no storage " + key);
            }
            return b;
        };
        Random random = new Random(seed + 1);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L / 2;
        int runs = 0;
        while (runs < 1000 || (System.nanoTime() < deadline && runs < 500_000)) {
            byte[] input = mutate(corpus.get(random.nextInt(corpus.size())), random);
            try {
                KeypointArrays.fromPickled(RestrictedUnpickler.load(input, "fuzz", source), "fuzz");
            } catch (MediaException expected) {
                // the only allowed failure
            } catch (RuntimeException | Error e) {
                fail("pickle run " + runs + " (seed " + (seed + 1) + "): " + e + " for " + hex(input), e);
            }
            runs++;
        }
        assertTrue(runs > 100, "only " + runs + " runs");
    }

    static byte[] mutate(byte[] original, Random r) {
        byte[] b = original.clone();
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(7)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = INTERESTING[r.nextInt(INTERESTING.length)];
                case 2 -> b = Arrays.copyOf(b, at); // truncate
                case 3 -> { // delete a run
                    int n = Math.min(1 + r.nextInt(16), b.length - at);
                    byte[] c = new byte[b.length - n];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + n, c, at, b.length - at - n);
                    b = c;
                }
                case 4 -> { // duplicate a run
                    int n = Math.min(1 + r.nextInt(32), b.length - at);
                    byte[] c = new byte[b.length + n];
                    System.arraycopy(b, 0, c, 0, at + n);
                    System.arraycopy(b, at, c, at + n, b.length - at);
                    b = c;
                }
                case 5 -> { // a random 32-bit little-endian length or count
                    int v = r.nextBoolean() ? r.nextInt() : r.nextInt(1 << 20);
                    for (int k = 0; k < 4 && at + k < b.length; k++) {
                        b[at + k] = (byte) (v >>> (8 * k));
                    }
                }
                default -> b[at] = (byte) r.nextInt(256);
            }
        }
        return b;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, 4096); i++) {
            s.append(String.format("%02x", b[i]));
        }
        return s.toString();
    }
}
