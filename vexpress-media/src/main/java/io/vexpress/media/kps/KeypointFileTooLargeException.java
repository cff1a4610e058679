package io.vexpress.media.kps;

/** A declared or actual size exceeds this reader's limits (zip bombs, absurd array sizes): refused with bounded memory. */
public class KeypointFileTooLargeException extends KeypointFileException {
    private static final long serialVersionUID = 1L;

    public KeypointFileTooLargeException(String message) {
        super(message);
    }

    public KeypointFileTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}
