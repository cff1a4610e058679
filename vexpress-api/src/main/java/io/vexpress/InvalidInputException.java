package io.vexpress;

/** A request, configuration value or input file cannot be used; the message names the setting and the accepted values. */
public class InvalidInputException extends VExpressException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
