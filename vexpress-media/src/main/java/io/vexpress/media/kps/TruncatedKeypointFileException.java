package io.vexpress.media.kps;

/** The file ends before its structure is complete (a cut-off download or copy). */
public class TruncatedKeypointFileException extends KeypointFileException {
    private static final long serialVersionUID = 1L;

    public TruncatedKeypointFileException(String message) {
        super(message);
    }

    public TruncatedKeypointFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
