package io.vexpress.media.kps;

/** A keypoint coordinate is NaN or infinite. */
public class NonFiniteKeypointException extends KeypointFileException {
    private static final long serialVersionUID = 1L;

    public NonFiniteKeypointException(String message) {
        super(message);
    }

    public NonFiniteKeypointException(String message, Throwable cause) {
        super(message, cause);
    }
}
