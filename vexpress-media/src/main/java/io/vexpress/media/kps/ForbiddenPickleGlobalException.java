package io.vexpress.media.kps;

/** The pickle references a global (class or function) outside the small allow-list; the message names it. Nothing is ever imported or instantiated. */
public class ForbiddenPickleGlobalException extends KeypointFileException {
    private static final long serialVersionUID = 1L;

    public ForbiddenPickleGlobalException(String message) {
        super(message);
    }

    public ForbiddenPickleGlobalException(String message, Throwable cause) {
        super(message, cause);
    }
}
