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

    /**
     * An exception about {@code setting}; {@code template} writes each setting it mentions as {@link Setting#placeholder()}
     * (see {@link VExpressException}).
     */
    public InvalidInputException(Setting setting, String template) {
        super(setting, template, null);
    }

    /** As {@link #InvalidInputException(Setting, String)}, with a cause. */
    public InvalidInputException(Setting setting, String template, Throwable cause) {
        super(setting, template, cause);
    }
}
