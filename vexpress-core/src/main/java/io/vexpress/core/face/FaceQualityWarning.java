package io.vexpress.core.face;

/**
 * Something about a face that V-Express is known to handle badly, found by {@link FaceQualityCheck}.
 *
 * @param kind what is wrong
 * @param message what was measured and what to do about it, for the user
 */
public record FaceQualityWarning(Kind kind, String message) {

    /** The problems {@link FaceQualityCheck} looks for. */
    public enum Kind {
        /** The eyes are so close together that the face is too small for the keypoint guider. */
        SMALL_FACE,
        /** The head is strongly tilted (roll) or turned (yaw). */
        ROTATED_FACE,
        /** The face reaches the image border, so moving heads get cut. */
        NEAR_BORDER,
        /** The driving sequence's face is much larger, smaller or elsewhere than the reference face. */
        SCALE_MISMATCH
    }

    @Override
    public String toString() {
        return kind + ": " + message;
    }
}
