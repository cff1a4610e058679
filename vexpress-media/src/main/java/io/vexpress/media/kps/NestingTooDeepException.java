package io.vexpress.media.kps;

/** The pickle (or JSON) nests containers, marks or its stack deeper than any keypoint file needs. */
public class NestingTooDeepException extends KeypointFileException {
    private static final long serialVersionUID = 1L;

    public NestingTooDeepException(String message) {
        super(message);
    }

    public NestingTooDeepException(String message, Throwable cause) {
        super(message, cause);
    }
}
