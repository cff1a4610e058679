package io.vexpress.media.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.InvalidInputException;
import io.vexpress.Setting;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void anUnwritableFolderIsFoundInMillisecondsWithTheReason() throws IOException {
        Path folder = UnwritableFolder.in(dir);
        long start = System.nanoTime();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OutputFiles.checkWritable(folder.resolve("out.mp4"), false));
        assertTrue((System.nanoTime() - start) / 1e9 < 1);
        assertEquals(Setting.OUTPUT, e.setting().orElseThrow());
        assertTrue(e.getMessage().contains("no file can be created in " + folder) && e.getMessage().contains("permission denied"),
                e.getMessage());
    }

    @Test
    void aFileWhereAFolderShouldBeIsNamedAsSuch() throws IOException {
        Path file = Files.write(dir.resolve("portrait.png"), new byte[] {1});
        String m = assertThrows(InvalidInputException.class,
                () -> OutputFiles.checkWritable(file.resolve("videos/out.mp4"), false)).getMessage();
        assertTrue(m.contains(file + " is a file, not a folder"), m);
        assertFalse(m.contains("does not exist"), m);
    }

    @Test
    void aFolderUnderProcGetsTheReasonNotJustItsName() {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux /proc");
        String m = assertThrows(InvalidInputException.class,
                () -> OutputFiles.checkWritable(Path.of("/proc/vexpress-test/out.mp4"), false)).getMessage();
        assertTrue(m.startsWith("Cannot create the output folder /proc/vexpress-test: "), m);
        assertTrue(m.contains("no such file or folder") && m.contains("proc file system, which holds no ordinary files"), m);
    }

    @Test
    void aWritableFolderIsCreatedAndTheProbeLeavesNothing() throws IOException {
        Path target = dir.resolve("new/sub/out.mp4");
        OutputFiles.checkWritable(target, false);
        assertTrue(Files.isDirectory(target.getParent()));
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(List.of(), s.toList());
        }
        assertThrows(InvalidInputException.class, () -> OutputFiles.checkWritable(dir, false), "a folder is no file");
    }

    @Test
    void staleTemporariesOfProcessesThatAreGoneAreRemovedAndOthersKept() throws IOException {
        FileTime old = FileTime.from(Instant.now().minusSeconds(600));
        // pid 2^22+1 is above Linux's largest pid, so no process has it
        Path stale = Files.write(dir.resolve(".out.mp4.vexpress-4194305-abc-1a2b.part"), new byte[10]);
        Files.setLastModifiedTime(stale, old);
        Path fresh = Files.write(dir.resolve(".b.mp4.vexpress-4194305-abc-ff.part"), new byte[10]);
        Path mine = Files.write(dir.resolve(".c.mp4.vexpress-" + ProcessHandle.current().pid() + "-"
                + Long.toString(ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli(), 36) + "-1.part"), new byte[1]);
        Files.setLastModifiedTime(mine, old);
        Path other = Files.write(dir.resolve(".notes.txt.part"), new byte[1]);
        Files.setLastModifiedTime(other, old);

        AtomicTarget t = AtomicTarget.create(dir.resolve("out.mp4"), false);
        assertFalse(Files.exists(stale), "a killed process's temporary is removed");
        assertTrue(Files.exists(fresh), "recently written: maybe another machine's live writer");
        assertTrue(Files.exists(mine), "this process is alive");
        assertTrue(Files.exists(other), "not one of ours");
        t.discard();
    }

    @Test
    void aTemporaryLeftByASigkilledProcessIsRemovedByTheNextRun() throws Exception {
        Path target = dir.resolve("killed.mp4");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), HoldTemporary.class.getName(), target.toString())
                .redirectErrorStream(true).start();
        Path temp;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            temp = Path.of(out.readLine());
            assertTrue(Files.exists(temp), temp::toString);
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no discard
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(temp), "SIGKILL leaves the temporary");
        assertTrue(temp.getFileName().toString().contains(".vexpress-" + child.pid() + "-"), temp::toString);
        Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(AtomicTarget.STALE_AFTER).minusSeconds(1)));
        OutputFiles.checkWritable(target, false);
        assertFalse(Files.exists(temp), "the next run's check removed it");
    }

    /** Reserves a temporary for {@code args[0]}, prints its path and waits to be killed. */
    public static final class HoldTemporary {
        public static void main(String[] args) throws Exception {
            AtomicTarget t = AtomicTarget.create(Path.of(args[0]), false);
            Files.write(t.temp(), new byte[1000]);
            System.out.println(t.temp());
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
