package io.vexpress.media.files;

import io.vexpress.MediaException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A file or folder written under a temporary name next to its target and moved into place only on
 * {@link #commit()}; {@link #discard()} deletes the temporary. Same folder, so the move is a rename, and a
 * failed or cancelled write never leaves a half-written target. The temporary gets the permissions any new
 * file gets (the process's umask applies), unlike {@code Files.createTempFile}'s owner-only ones, so the
 * committed output is as readable as a file written directly.
 */
public final class AtomicTarget {
    private final Path target;
    private final Path temp;
    private boolean done;

    private AtomicTarget(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /** Reserves a temporary file (or folder, when {@code directory}) next to {@code target}. */
    public static AtomicTarget create(Path target, boolean directory) {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        String name = absolute.getFileName().toString();
        try {
            Files.createDirectories(parent);
            for (int attempt = 0; ; attempt++) {
                Path temp = parent.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
                try {
                    if (directory) {
                        Files.createDirectory(temp);
                    } else {
                        Files.createFile(temp);
                    }
                    return new AtomicTarget(absolute, temp);
                } catch (FileAlreadyExistsException e) {
                    if (attempt == 100) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new MediaException("Cannot create a temporary file next to " + target + ": " + e.getMessage()
                    + ". Check that the folder is writable.", e);
        }
    }

    /** The temporary file or folder to write. */
    public Path temp() {
        return temp;
    }

    /** Where {@link #commit()} moves it. */
    public Path target() {
        return target;
    }

    /** Moves the temporary into place, replacing an existing target file. */
    public void commit() {
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
    public void discard() {
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
