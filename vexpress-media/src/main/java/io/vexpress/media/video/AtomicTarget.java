package io.vexpress.media.video;

import io.vexpress.MediaException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A file or folder written under a temporary name next to its target and moved into place only on
 * {@link #commit()}; {@link #discard()} deletes the temporary. Same folder, so the move is a rename.
 */
final class AtomicTarget {
    private final Path target;
    private final Path temp;
    private boolean done;

    private AtomicTarget(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /** Reserves a temporary file (or folder, when {@code directory}) next to {@code target}. */
    static AtomicTarget create(Path target, boolean directory) {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        String name = absolute.getFileName().toString();
        try {
            Files.createDirectories(parent);
            Path temp = directory
                    ? Files.createTempDirectory(parent, "." + name + ".")
                    : Files.createTempFile(parent, "." + name + ".", ".part");
            return new AtomicTarget(absolute, temp);
        } catch (IOException e) {
            throw new MediaException("Cannot create a temporary file next to " + target + ": " + e.getMessage()
                    + ". Check that the folder is writable.", e);
        }
    }

    Path temp() {
        return temp;
    }

    Path target() {
        return target;
    }

    /** Moves the temporary into place, replacing an existing target file. */
    void commit() {
        try {
            if (Files.isDirectory(target)) {
                deleteTree(target);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            throw new MediaException("Cannot move " + temp + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the temporary unless committed. Idempotent; never throws. */
    void discard() {
        if (done) {
            return;
        }
        done = true;
        try {
            deleteTree(temp);
        } catch (IOException ignored) {
            // Best effort: the name starts with a dot and ends in .part, so a leftover is recognisable.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
