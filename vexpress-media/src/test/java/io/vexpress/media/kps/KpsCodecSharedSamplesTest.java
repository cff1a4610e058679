package io.vexpress.media.kps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.keypoints.KeypointSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Optional: the real V-Express samples in {@code vexpress.shared.samples}; skipped when that folder is absent. */
class KpsCodecSharedSamplesTest {

    private static List<Path> samples() throws IOException {
        String dir = System.getProperty("vexpress.shared.samples");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "no shared samples folder: " + dir);
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            List<Path> files = s.map(p -> p.resolve("kps.pth")).filter(Files::isRegularFile).sorted().toList();
            Assumptions.assumeFalse(files.isEmpty(), "no */kps.pth in " + dir);
            return files;
        }
    }

    @Test
    void readsEverySampleAndRoundTripsItThroughAllFormats(@TempDir Path tmp) throws IOException {
        KpsCodec codec = new KpsCodec();
        for (Path file : samples()) {
            KeypointSequence seq = codec.read(file);
            assertTrue(seq.frameCount() > 10, file + ": " + seq.frameCount() + " frames");
            for (int f = 0; f < seq.frameCount(); f++) {
                for (int v = 0; v < 6; v++) {
                    float c = seq.get(f, v / 2, v % 2);
                    assertTrue(c > -512 && c < 1024, file + " frame " + f + ": " + c); // pixels of a 512x512 image
                }
            }
            for (String ext : List.of("pth", "npy", "json")) {
                Path copy = tmp.resolve("copy." + ext);
                codec.write(seq, copy);
                assertEquals(seq, codec.read(copy), file + " as ." + ext);
            }
        }
    }

    @Test
    void aocStartsWithTheKnownValues() throws IOException {
        Path aoc = samples().stream().filter(p -> p.getParent().getFileName().toString().equals("AOC")).findFirst().orElse(null);
        Assumptions.assumeTrue(aoc != null, "no AOC sample");
        KeypointSequence seq = new KpsCodec().read(aoc);
        // Facts measured with torch.load (shared/notes/dependencies.md).
        assertEquals(137, seq.frameCount());
        assertEquals(185.47333f, seq.get(0, 0, 0), 1e-4f);
        assertEquals(218.57632f, seq.get(0, 0, 1), 1e-4f);
        assertEquals(278.91803f, seq.get(0, 1, 0), 1e-4f);
    }
}
