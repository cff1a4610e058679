package io.vexpress.benchmarks.step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's minor page faults so far, from Linux's {@code /proc/self/stat}; -1 where there is none. */
final class PageFaults {
    private PageFaults() {
    }

    static long minor() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // the fields after the command name, which is in parentheses and may hold spaces: state is field 3,
            // minflt field 10
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[7]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
