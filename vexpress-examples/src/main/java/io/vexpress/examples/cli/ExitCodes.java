package io.vexpress.examples.cli;

import io.vexpress.EngineNotFoundException;
import io.vexpress.GenerationCancelledException;
import io.vexpress.InsufficientMemoryException;
import io.vexpress.InvalidInputException;
import io.vexpress.MediaException;
import io.vexpress.ModelBundleException;

/**
 * The exit codes of the {@code vexpress} command, one per kind of failure, so that scripts can tell a
 * mistake in their inputs from a missing model bundle or a bug.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A bug or an unexpected failure: the message says so and {@code --verbose} shows the stack trace. */
    public static final int INTERNAL_ERROR = 1;
    /** The command line itself is wrong: unknown option, missing required option, unparsable number. */
    public static final int USAGE = 2;
    /** A value or an input file cannot be used ({@link InvalidInputException}). */
    public static final int INVALID_INPUT = 3;
    /** The model bundle is missing, incomplete or breaks the model contract. */
    public static final int MODELS = 4;
    /** An input could not be decoded or the video could not be written ({@link MediaException}). */
    public static final int MEDIA = 5;
    /** Not enough memory: found by the estimate before heavy work or when an allocation failed ({@link InsufficientMemoryException}). */
    public static final int MEMORY = 6;
    /** Cancelled with Ctrl-C: 128 + SIGINT, as shells report it. */
    public static final int CANCELLED = 130;

    /** The text picocli prints under each command's help. */
    public static final String HELP_FOOTER = "%nExit codes: 0 success, 1 internal error, 2 usage error, 3 invalid input,"
            + " 4 model bundle missing or invalid, 5 media decode/encode error, 6 not enough memory, 130 cancelled.";

    private ExitCodes() {
    }

    /** The exit code for an exception that ended a command. */
    public static int of(Throwable error) {
        if (error instanceof CliUsageException || error instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        if (error instanceof InvalidInputException) {
            return INVALID_INPUT;
        }
        if (error instanceof ModelBundleException || error instanceof EngineNotFoundException) {
            return MODELS;
        }
        if (error instanceof MediaException) {
            return MEDIA;
        }
        if (error instanceof GenerationCancelledException) {
            return CANCELLED;
        }
        if (error instanceof InsufficientMemoryException) {
            return MEMORY;
        }
        return INTERNAL_ERROR;
    }

    /** A short machine-readable name of the failure kind, used in JSON output. */
    public static String kind(int exitCode) {
        return switch (exitCode) {
            case OK -> "ok";
            case USAGE -> "usage";
            case INVALID_INPUT -> "invalid_input";
            case MODELS -> "model_bundle";
            case MEDIA -> "media";
            case MEMORY -> "memory";
            case CANCELLED -> "cancelled";
            default -> "internal_error";
        };
    }
}
