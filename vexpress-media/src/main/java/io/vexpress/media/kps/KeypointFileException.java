package io.vexpress.media.kps;

import io.vexpress.MediaException;

/**
 * A keypoint file could not be read: it is malformed or uses something this reader does not support.
 * Subtypes name the specific hostile or broken feature found.
 */
public class KeypointFileException extends MediaException {
    private static final long serialVersionUID = 1L;

    public KeypointFileException(String message) {
        super(message);
    }

    public KeypointFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
