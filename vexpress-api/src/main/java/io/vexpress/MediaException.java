package io.vexpress;

/** An image, audio, keypoint or video file could not be decoded, or a video could not be encoded; the message names the file and the reason. */
public class MediaException extends VExpressException {
    private static final long serialVersionUID = 1L;

    public MediaException(String message) {
        super(message);
    }

    public MediaException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * An exception about {@code setting}; {@code template} writes each setting it mentions as {@link Setting#placeholder()}
     * (see {@link VExpressException}).
     */
    public MediaException(Setting setting, String template) {
        super(setting, template, null);
    }

    /** As {@link #MediaException(Setting, String)}, with a cause. */
    public MediaException(Setting setting, String template, Throwable cause) {
        super(setting, template, cause);
    }
}
