package io.vexpress.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the tool in-process and captures what it prints. */
final class CliHarness {
    final int exitCode;
    final String out;
    final String err;

    private CliHarness(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static CliHarness run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = VExpressCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliHarness(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
}
