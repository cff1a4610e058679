package io.vexpress.media.files;

import io.vexpress.InvalidInputException;
import io.vexpress.Setting;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Checks that an output can be written before the work that produces it starts, with messages that say why not: a
 * file where a folder should be, a folder that cannot be created (permission denied, a read-only or pseudo file
 * system such as {@code /proc}), a folder where no temporary file can be created.
 */
public final class OutputFiles {
    /** File systems that hold no ordinary files (Linux's {@code /proc}, {@code /sys}, ...). */
    private static final Set<String> PSEUDO_FILE_SYSTEMS = Set.of("proc", "sysfs", "devpts", "cgroup", "cgroup2",
            "securityfs", "debugfs", "tracefs", "configfs", "pstore", "bpf");

    private OutputFiles() {
    }

    /**
     * Creates the missing folders above {@code target}.
     *
     * @throws InvalidInputException ({@link Setting#OUTPUT}) when a path above it is a file, or a folder cannot be
     *     created, with the reason
     */
    public static void createFolders(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || Files.isDirectory(parent)) {
            return;
        }
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new InvalidInputException(Setting.OUTPUT, "Cannot write " + target + ": " + p
                        + " is a file, not a folder. Choose another output path for {OUTPUT}.");
            }
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new InvalidInputException(Setting.OUTPUT, "Cannot create the output folder " + parent + ": "
                    + reason(e, parent) + ". Choose another output path for {OUTPUT}.", e);
        }
    }

    /**
     * Creates the missing folders above {@code target}, then makes and deletes a temporary file next to it, exactly as
     * the writer will; for a folder output ({@code directory}) a temporary folder. Takes milliseconds. Temporaries left
     * there by killed processes are removed on the way ({@link AtomicTarget#removeStale}).
     *
     * @throws InvalidInputException ({@link Setting#OUTPUT}) naming the reason when it cannot be written
     */
    public static void checkWritable(Path target, boolean directory) {
        Path absolute = target.toAbsolutePath();
        if (!directory && Files.isDirectory(absolute)) {
            throw new InvalidInputException(Setting.OUTPUT, "Output path " + target
                    + " is a folder; give a file name such as out.mp4 to {OUTPUT}.");
        }
        if (directory && Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new InvalidInputException(Setting.OUTPUT, "Output folder " + target
                    + " is a file; give a folder name to {OUTPUT}.");
        }
        createFolders(absolute);
        AtomicTarget.removeStale(absolute.getParent());
        Path probe;
        try {
            probe = AtomicTarget.reserve(absolute, directory);
        } catch (IOException e) {
            throw new InvalidInputException(Setting.OUTPUT, "Cannot write " + target + ": no file can be created in "
                    + absolute.getParent() + " (" + reason(e, absolute.getParent()) + "). Choose another output path for {OUTPUT}.", e);
        }
        try {
            Files.delete(probe);
        } catch (IOException e) {
            throw new InvalidInputException(Setting.OUTPUT, "Cannot write " + target + ": a temporary file created in "
                    + absolute.getParent() + " cannot be deleted again (" + reason(e, probe) + ").", e);
        }
    }

    /** Why an I/O operation on {@code path} failed, in words (NIO's own messages are often just the path). */
    public static String reason(IOException e, Path path) {
        String reason;
        if (e instanceof AccessDeniedException) {
            reason = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            reason = "no such file or folder";
        } else if (e instanceof FileAlreadyExistsException) {
            reason = "a file of that name exists";
        } else if (e instanceof NotDirectoryException) {
            reason = "not a folder";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            reason = f.getReason().toLowerCase(Locale.ROOT);
        } else {
            reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        }
        String fileSystem = fileSystemType(path);
        if (fileSystem != null && PSEUDO_FILE_SYSTEMS.contains(fileSystem)) {
            reason += "; it is on a " + fileSystem + " file system, which holds no ordinary files";
        }
        return reason;
    }

    /** The type of the file system holding {@code path} or its nearest existing ancestor, or null. */
    private static String fileSystemType(Path path) {
        for (Path p = path == null ? null : path.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                try {
                    FileStore store = Files.getFileStore(p);
                    return store.type();
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
