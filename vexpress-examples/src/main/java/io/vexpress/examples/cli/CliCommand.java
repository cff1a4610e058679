package io.vexpress.examples.cli;

import io.vexpress.InsufficientMemoryException;
import io.vexpress.SettingNames;
import io.vexpress.VExpressException;
import io.vexpress.core.memory.MemoryFailures;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The common frame of every sub-command: output mode flags, logging set-up, and the mapping of
 * exceptions to one clear line and an exit code ({@link ExitCodes}).
 */
abstract class CliCommand implements Callable<Integer> {

    @Mixin
    OutputOptions outputOptions = new OutputOptions();

    @Spec
    CommandSpec spec;

    /** Does the work and returns the exit code; throws to report a failure. */
    abstract int execute(Console console) throws Exception;

    @Override
    public final Integer call() {
        outputOptions.configureLogging();
        Console console = console();
        java.util.concurrent.CountDownLatch reported = CtrlCCancellation.commandStarted();
        try {
            return execute(console);
        } catch (Exception | LinkageError | OutOfMemoryError e) {
            Throwable failure = MemoryFailures.find(e).map(m -> (Throwable) m).orElse(e);
            int code = ExitCodes.of(failure);
            console.error(code, message(code, failure, settingNames()), failure);
            return code;
        } finally {
            reported.countDown();
        }
    }

    Console console() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return new Console(outputOptions.mode(), outputOptions.verbose(), out, err, System.console() != null);
    }

    /** How this command's flags name the SDK's settings in error messages. */
    SettingNames settingNames() {
        return CliSettingNames.GENERATE;
    }

    /**
     * The one line shown for a failure: the SDK's own message, which says what to do, with every setting it mentions
     * named by its flag; or a bug report hint.
     */
    static String message(int exitCode, Throwable e, SettingNames names) {
        if (exitCode == ExitCodes.INTERNAL_ERROR) {
            return e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                    + " (rerun with --verbose for the stack trace, and please report it)";
        }
        if (exitCode == ExitCodes.CANCELLED) {
            return "cancelled; no output was written.";
        }
        if (e instanceof InsufficientMemoryException m) {
            return MemoryAdvice.message(m);
        }
        return e instanceof VExpressException v ? v.message(names) : e.getMessage();
    }
}
