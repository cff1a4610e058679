package io.vexpress.media.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.kps.KpsCodec;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicTargetTest {
    @TempDir
    Path dir;

    @Test
    void commitMovesIntoPlaceAndDiscardAfterCommitKeepsIt() throws IOException {
        Path target = dir.resolve("out.bin");
        AtomicTarget t = AtomicTarget.create(target, false);
        assertEquals(dir, t.temp().getParent());
        Files.write(t.temp(), new byte[] {7});
        assertFalse(Files.exists(target));
        t.commit();
        t.discard();
        assertEquals(List.of(target), list());
        assertEquals(1, Files.size(target));
    }

    @Test
    void discardLeavesNothing() throws IOException {
        AtomicTarget file = AtomicTarget.create(dir.resolve("a.mp4"), false);
        AtomicTarget folder = AtomicTarget.create(dir.resolve("frames"), true);
        Files.write(folder.temp().resolve("0.png"), new byte[] {1});
        file.discard();
        folder.discard();
        assertEquals(List.of(), list());
    }

    @Test
    void committedFilesGetTheSamePermissionsAsAnyNewFile() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path kps = dir.resolve("kps.pth");
        new KpsCodec().write(KeypointSequence.of(new float[] {1, 2, 3, 4, 5, 6}), kps);
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(kps),
                "a temp file from Files.createTempFile would be owner-only");
        assertTrue(Files.isReadable(kps));
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
