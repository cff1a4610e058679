package io.vexpress.media.kps;

/** The file holds arrays, but not a {@code [frames, 3, 2]} keypoint sequence (or a list of {@code [3, 2]} arrays). */
public class KeypointShapeException extends KeypointFileException {
    private static final long serialVersionUID = 1L;

    public KeypointShapeException(String message) {
        super(message);
    }

    public KeypointShapeException(String message, Throwable cause) {
        super(message, cause);
    }
}
