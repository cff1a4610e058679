package io.vexpress;

/**
 * The generation stopped because its {@link CancellationToken} was cancelled or its thread was
 * interrupted. No output file is left behind when this is thrown.
 */
public class GenerationCancelledException extends VExpressException {
    private static final long serialVersionUID = 1L;

    public GenerationCancelledException(String message) {
        super(message);
    }

    public GenerationCancelledException(String message, Throwable cause) {
        super(message, cause);
    }
}
