package io.vexpress.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the tool in-process and captures what it prints, including what libraries log to {@code System.err}. */
final class CliHarness {
    final int exitCode;
    final String out;
    final String err;
    /** What went to the process's {@code System.err} (logging) rather than the command's error writer. */
    final String systemErr;

    private CliHarness(int exitCode, String out, String err, String systemErr) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
        this.systemErr = systemErr;
    }

    static CliHarness run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int code;
        try (PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            code = VExpressCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        } finally {
            System.setErr(original);
        }
        return new CliHarness(code, out.toString(), err.toString(), logged.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err + "--- System.err\n" + systemErr;
    }
}
