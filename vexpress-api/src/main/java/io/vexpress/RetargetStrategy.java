package io.vexpress;

import java.util.Locale;

/**
 * How the driving keypoint sequence is adapted to the reference face before it conditions the video.
 *
 * <table>
 *   <caption>Choosing a strategy (after V-Express's own advice)</caption>
 *   <tr><th>Strategy</th><th>Needs</th><th>Use when</th></tr>
 *   <tr><td>{@link #FIX_FACE}</td><td>reference keypoints (detector or explicit)</td>
 *       <td>any audio; the head stays still, only the mouth and expression follow the audio</td></tr>
 *   <tr><td>{@link #NO_RETARGET}</td><td>keypoint sequence</td>
 *       <td>the sequence was extracted from a video of the same person as the reference image</td></tr>
 *   <tr><td>{@link #OFFSET_RETARGET}</td><td>keypoint sequence and reference keypoints</td>
 *       <td>a different person drives the motion; keeps the reference face's geometry and adds the
 *       driver's head motion as offsets (recommended for cross-identity driving)</td></tr>
 *   <tr><td>{@link #NAIVE_RETARGET}</td><td>keypoint sequence and reference keypoints</td>
 *       <td>a different person drives the motion; rescales the whole sequence to the reference face
 *       and moves it onto the reference nose</td></tr>
 * </table>
 */
public enum RetargetStrategy {
    /** The reference image's own keypoints, repeated for every frame. */
    FIX_FACE,
    /** The keypoint sequence as it is. */
    NO_RETARGET,
    /** The reference keypoints moved by the driver's head motion (V-Express's {@code only_offset=True}). */
    OFFSET_RETARGET,
    /** The driver's sequence rescaled to the reference face and moved onto it ({@code only_offset=False}). */
    NAIVE_RETARGET;

    /** Whether this strategy reads a driving keypoint sequence. */
    public boolean needsKeypointSequence() {
        return this != FIX_FACE;
    }

    /** Whether this strategy needs the reference image's keypoints (from a detector or given explicitly). */
    public boolean needsReferenceKeypoints() {
        return this != NO_RETARGET;
    }

    /** V-Express's command-line name, e.g. {@code offset_retarget}. */
    public String snakeCaseName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code FIX_FACE}, {@code fix_face}, {@code fix-face} and the like, case-insensitively.
     *
     * @throws InvalidInputException naming the accepted values when {@code name} is none of them
     */
    public static RetargetStrategy parse(String name) {
        if (name != null) {
            String normalised = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (RetargetStrategy s : values()) {
                if (s.name().equals(normalised)) {
                    return s;
                }
            }
        }
        throw new InvalidInputException("Unknown retarget strategy '" + name
                + "'. Use one of: fix_face, no_retarget, offset_retarget, naive_retarget.");
    }
}
