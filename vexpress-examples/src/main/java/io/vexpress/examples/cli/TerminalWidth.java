package io.vexpress.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The width of the terminal standard error is drawn on, in columns: {@code $COLUMNS} when the shell exports it,
 * else what {@code stty size} reports for the controlling terminal (asked at most every two seconds, so a resized
 * window is noticed), else 80.
 */
final class TerminalWidth {
    static final int DEFAULT_COLUMNS = 80;
    private static final long REFRESH_NANOS = 2_000_000_000L;

    private static volatile int cached = -1;
    private static volatile long cachedAt;

    private TerminalWidth() {
    }

    /** The current width, at least 1. */
    static int columns() {
        String env = System.getenv("COLUMNS");
        if (env != null) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to stty
            }
        }
        long now = System.nanoTime();
        if (cached < 0 || now - cachedAt > REFRESH_NANOS) {
            cached = stty();
            cachedAt = now;
        }
        return cached;
    }

    /** {@code stty size < /dev/tty}'s columns, or {@link #DEFAULT_COLUMNS} where there is no such thing. */
    private static int stty() {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            return DEFAULT_COLUMNS;
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
            if (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return DEFAULT_COLUMNS;
            }
            String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");
            if (p.exitValue() == 0 && out.length == 2) {
                int n = Integer.parseInt(out[1]);
                return n > 0 ? n : DEFAULT_COLUMNS;
            }
        } catch (IOException | NumberFormatException e) {
            return DEFAULT_COLUMNS;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_COLUMNS;
    }
}
