package io.vexpress.examples.cli;

import io.vexpress.media.ffmpeg.FfmpegRuntime;
import picocli.CommandLine.Option;

/** How a command talks to the terminal: a progress bar (default), nothing ({@code --quiet}) or JSON lines. */
public final class OutputOptions {

    /** What the command prints. */
    public enum Mode {
        /** Progress bar and human-readable messages on standard error, the result summary on standard output. */
        HUMAN,
        /** Only errors, one line each, on standard error. */
        QUIET,
        /** One JSON object per line on standard output: progress events, then a result or an error. */
        JSON
    }

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Option(names = "--json", description = "Print JSON lines on standard output (progress events, then one "
            + "\"result\" or \"error\" object) for scripts.")
    boolean json;

    @Option(names = {"-v", "--verbose"}, description = "Log the engine's details and print stack traces of errors.")
    boolean verbose;

    /** The chosen mode; {@code --json} wins over {@code --quiet}. */
    public Mode mode() {
        if (json) {
            return Mode.JSON;
        }
        return quiet ? Mode.QUIET : Mode.HUMAN;
    }

    public boolean verbose() {
        return verbose;
    }

    /**
     * Sets SLF4J Simple's level before the first logger exists, so that library logging does not break
     * up the progress bar or the JSON stream, and keeps FFmpeg's own log lines out of the output unless
     * {@code --verbose} (their content reaches the user in the error messages).
     */
    void configureLogging() {
        // Warnings reach users as progress events (shown by the bar or as JSON), so the log shows only errors.
        String level = verbose ? "info" : "error";
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        if (verbose && System.getProperty(FfmpegRuntime.LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(FfmpegRuntime.LOG_LEVEL_PROPERTY, "warning");
        }
    }
}
