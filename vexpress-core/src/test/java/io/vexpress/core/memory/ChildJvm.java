package io.vexpress.core.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test class path in a JVM of its own, with its own memory limits. */
public final class ChildJvm {
    /** Exit code and everything the child printed (standard output and error together). */
    public record Outcome(int exitCode, String output) {
        /** The last line starting with {@code prefix}, without it, or null. */
        public String line(String prefix) {
            String found = null;
            for (String l : output.split("\n")) {
                if (l.startsWith(prefix)) {
                    found = l.substring(prefix.length());
                }
            }
            return found;
        }
    }

    private ChildJvm() {
    }

    /** Runs {@code main} with {@code jvmOptions} and {@code args}; fails the test when it takes over two minutes. */
    public static Outcome run(List<String> jvmOptions, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + main.getSimpleName() + " did not finish in 120 s");
        }
        return new Outcome(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
