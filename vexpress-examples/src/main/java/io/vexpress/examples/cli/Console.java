package io.vexpress.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vexpress.progress.ProgressListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * Everything a command prints goes through here, so that the three {@link OutputOptions.Mode}s hold:
 * human text on standard error (results on standard output), nothing but errors when quiet, and only
 * JSON lines on standard output in JSON mode.
 */
public final class Console {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputOptions.Mode mode;
    private final boolean verbose;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean interactive;

    /**
     * @param mode what to print
     * @param verbose print stack traces of errors
     * @param out standard output
     * @param err standard error
     * @param interactive whether standard error is a terminal (a redrawn bar) or a log (lines)
     */
    public Console(OutputOptions.Mode mode, boolean verbose, PrintWriter out, PrintWriter err, boolean interactive) {
        this.mode = mode;
        this.verbose = verbose;
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    public OutputOptions.Mode mode() {
        return mode;
    }

    /** A human-readable message (standard error), shown only in the default mode. */
    public void info(String message) {
        if (mode == OutputOptions.Mode.HUMAN) {
            err.println(message);
            err.flush();
        }
    }

    /**
     * Something every user must read (the demo's stand-in models): a line on standard error in the default
     * mode, a {@code "notice"} object in JSON mode; nothing when quiet.
     */
    public void notice(String message) {
        if (mode == OutputOptions.Mode.JSON) {
            ObjectNode node = JSON.createObjectNode();
            node.put("event", "notice");
            node.put("message", message);
            json(node);
        } else {
            info(message);
        }
    }

    /**
     * A warning that does not come from a generation's events (about the flags, the fallback face detector, a
     * preview's inputs): a {@code warning:} line on standard error in the default mode, a {@code "warning"} object in
     * JSON mode, nothing when quiet. Commands also list it in their result's {@code warnings}.
     */
    public void warning(String message) {
        switch (mode) {
            case HUMAN -> {
                err.println("warning: " + message);
                err.flush();
            }
            case JSON -> {
                ObjectNode node = JSON.createObjectNode();
                node.put("event", "warning");
                node.put("message", message);
                json(node);
            }
            case QUIET -> { }
        }
    }

    /** A progress bar for work that is not a generation, in the default mode only. */
    public java.util.Optional<TerminalProgressBar> bar() {
        return mode == OutputOptions.Mode.HUMAN
                ? java.util.Optional.of(new TerminalProgressBar(err, interactive, System::nanoTime))
                : java.util.Optional.empty();
    }

    /** The listener that shows progress in this mode: a bar, JSON lines, or nothing. */
    public ProgressListener progressListener() {
        return switch (mode) {
            case HUMAN -> new TerminalProgressBar(err, interactive, System::nanoTime);
            case JSON -> new JsonProgressWriter(this);
            case QUIET -> ProgressListener.NONE;
        };
    }

    /**
     * Reports success: human lines on standard output, or one {@code "result"} JSON object.
     *
     * @param summary lines for humans
     * @param fields the same facts for JSON, in order
     */
    public void result(String summary, Map<String, ?> fields) {
        switch (mode) {
            case HUMAN -> {
                out.println(summary);
                out.flush();
            }
            case JSON -> {
                ObjectNode node = JSON.createObjectNode();
                node.put("event", "result");
                node.put("status", "ok");
                node.setAll(JSON.<ObjectNode>valueToTree(fields));
                json(node);
            }
            case QUIET -> { }
        }
    }

    /**
     * Reports a failure as one line on standard error (plus a JSON object in JSON mode, plus the stack
     * trace with {@code --verbose}).
     */
    public void error(int exitCode, String message, Throwable cause) {
        String prefix = exitCode == ExitCodes.INTERNAL_ERROR ? "vexpress: internal error: " : "vexpress: error: ";
        err.println(prefix + message);
        if (verbose && cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
        if (mode == OutputOptions.Mode.JSON) {
            ObjectNode node = JSON.createObjectNode();
            node.put("event", "error");
            node.put("status", "error");
            node.put("exit_code", exitCode);
            node.put("error", ExitCodes.kind(exitCode));
            node.put("message", message);
            json(node);
        }
    }

    /** Writes one JSON object as a line on standard output. */
    void json(ObjectNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + node, e);
        }
        out.flush();
    }

    ObjectNode newJsonObject() {
        return JSON.createObjectNode();
    }
}
