package io.vexpress;

/**
 * How a driving keypoint sequence is laid over the video's duration. A sequence at least as long as the
 * video is cut at the video's end by every mode, as V-Express does.
 */
public enum KeypointTiming {
    /**
     * V-Express's {@code inference.py} (default): a shorter sequence is resampled linearly to the video's frame
     * count, so a 5 s clip driving 30 s of speech plays six times slower; a longer one is cut, one sequence frame
     * per video frame.
     */
    STRETCH,
    /**
     * The sequence plays at its own frame rate ({@link GenerationRequest#keypointFps()}) and starts again from
     * the beginning when it ends; the last frames of each pass are blended into the first ones so the head does
     * not jump at the seam.
     */
    LOOP,
    /** The sequence plays at its own frame rate forwards, then backwards, then forwards again: no seam at all. */
    PING_PONG;

    /** The name used on the command line, e.g. {@code ping_pong}. */
    public String snakeCaseName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Parses {@code stretch}, {@code loop} or {@code ping_pong} (case-insensitive, {@code -} for {@code _}).
     *
     * @throws InvalidInputException naming the accepted values
     */
    public static KeypointTiming parse(String name) {
        String n = name == null ? "" : name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        for (KeypointTiming t : values()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        throw new InvalidInputException("Unknown keypoint timing '" + name + "'; use stretch, loop or ping_pong.");
    }
}
