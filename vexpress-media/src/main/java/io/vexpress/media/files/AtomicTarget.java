package io.vexpress.media.files;

import io.vexpress.MediaException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file or folder written under a temporary name next to its target and moved into place only on
 * {@link #commit()}; {@link #discard()} deletes the temporary. Same folder, so the move is a rename, and a
 * failed or cancelled write never leaves a half-written target. The temporary gets the permissions any new
 * file gets (the process's umask applies), unlike {@code Files.createTempFile}'s owner-only ones, so the
 * committed output is as readable as a file written directly.
 *
 * <p>A process killed outright (SIGKILL, a power cut) cannot delete its temporary, so the name says whose it is:
 * {@code .<target>.vexpress-<pid>-<start>-<random>.part}, with the writing process's id and start time. Every new
 * temporary first removes the stale ones in its folder: those whose process no longer runs on this machine (no
 * process with that id, or one started at another time) and that have not been modified for
 * {@link #STALE_AFTER}, so that a live writer on another machine sharing the folder keeps its file.
 */
public final class AtomicTarget {
    /** How long a temporary of a process that is gone must have been untouched before another run removes it. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(AtomicTarget.class);
    private static final Pattern TEMPORARY = Pattern.compile("^\\..+\\.vexpress-(\\d+)-([0-9a-z]+)-[0-9a-f]+\\.part$");
    private static final String OWNER = ownerTag();

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
        try {
            Files.createDirectories(absolute.getParent());
            removeStale(absolute.getParent());
            return new AtomicTarget(absolute, reserve(absolute, directory));
        } catch (IOException e) {
            throw new MediaException("Cannot create a temporary file next to " + target + ": "
                    + OutputFiles.reason(e, absolute.getParent()) + ". Check that the folder is writable.", e);
        }
    }

    /** Creates a fresh temporary next to {@code absolute} (whose folder exists) and returns it. */
    static Path reserve(Path absolute, boolean directory) throws IOException {
        Path parent = absolute.getParent();
        String name = absolute.getFileName().toString();
        for (int attempt = 0; ; attempt++) {
            Path temp = parent.resolve(temporaryName(name));
            try {
                if (directory) {
                    Files.createDirectory(temp);
                } else {
                    Files.createFile(temp);
                }
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /** {@code .<name>.vexpress-<pid>-<start>-<random>.part}. */
    static String temporaryName(String name) {
        return "." + name + ".vexpress-" + OWNER + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ".part";
    }

    /** This process: {@code <pid>-<start time in ms, base 36>} (start 0 when the platform does not say). */
    private static String ownerTag() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return self.pid() + "-" + Long.toString(start, 36);
    }

    /**
     * Removes the temporaries in {@code folder} left by processes that are gone (see the class comment). Best effort:
     * what cannot be removed stays, and the folder's other files are never touched.
     *
     * @return the temporaries removed
     */
    public static List<Path> removeStale(Path folder) {
        List<Path> removed = new ArrayList<>();
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder, ".*.vexpress-*.part")) {
            for (Path entry : entries) {
                Matcher m = TEMPORARY.matcher(entry.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                try {
                    if (ownerRuns(Long.parseLong(m.group(1)), Long.parseLong(m.group(2), 36))
                            || Files.getLastModifiedTime(entry).toInstant().isAfter(cutoff)) {
                        continue;
                    }
                    deleteTree(entry);
                    removed.add(entry);
                    LOG.info("Removed {}, a temporary left by process {}, which is gone.", entry, m.group(1));
                } catch (IOException | NumberFormatException e) {
                    LOG.debug("Could not remove stale temporary {}: {}", entry, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("Could not look for stale temporaries in {}: {}", folder, e.toString());
        }
        return removed;
    }

    /** Whether the process that wrote a temporary still runs here: same id and, where known, same start time. */
    private static boolean ownerRuns(long pid, long startMillis) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (startMillis == 0 || started.isEmpty()) {
            return true; // cannot tell a reused id from the writer itself: keep the file
        }
        return Math.abs(started.get().toEpochMilli() - startMillis) < 2_000;
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
            throw new MediaException("Cannot move " + temp + " to " + target + ": " + OutputFiles.reason(e, target), e);
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
            // Best effort: the name says which process wrote it, so a later run removes it once that process is gone.
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
