package io.vexpress.media.kps;

/** The pickle nests containers or marks deeper than any keypoint file needs. */
public class PickleNestingException extends KeypointFileException {
    private static final long serialVersionUID = 1L;

    public PickleNestingException(String message) {
        super(message);
    }

    public PickleNestingException(String message, Throwable cause) {
        super(message, cause);
    }
}
