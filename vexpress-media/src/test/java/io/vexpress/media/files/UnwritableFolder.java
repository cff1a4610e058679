package io.vexpress.media.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;

/** A folder this process cannot create files in, for tests of unwritable outputs. */
public final class UnwritableFolder {
    private UnwritableFolder() {
    }

    /** A read-only folder under {@code scratch}, or for root (who ignores file modes) {@code /sys}; skips the test otherwise. */
    public static Path in(Path scratch) throws IOException {
        Path ro = Files.createDirectories(scratch.resolve("read-only"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!Files.isWritable(ro)) {
            return ro;
        }
        Path sys = Path.of("/sys");
        Assumptions.assumeTrue(Files.isDirectory(sys), "no folder here refuses new files to this user");
        return sys;
    }
}
