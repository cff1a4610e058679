package io.vexpress.examples.cli;

/**
 * A mistake in the command line found after parsing (flags that contradict each other): exit code
 * {@link ExitCodes#USAGE}, like a parse error.
 */
final class CliUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliUsageException(String message) {
        super(message);
    }
}
