package io.vexpress.core.retarget;

/**
 * How {@code retarget_kps} picks the driving frame whose face proportions are compared with the reference
 * face (the frame that sets the x and y scale factors).
 */
public enum TargetFrameSelection {
    /**
     * The frame whose left/right eye-to-nose distance ratio is closest to the reference's (first such frame
     * on ties). What the reference code intends; the default.
     */
    CLOSEST_RATIO,
    /**
     * V-Express's selection, bug included: after a frame is accepted, the loop stores that frame's ratio
     * (instead of the ratio difference) as the distance to beat, so later frames are accepted whenever their
     * ratio difference is below the previous frame's ratio. On real sequences this usually ends on the last
     * frame. Use it to reproduce V-Express's videos exactly.
     */
    REFERENCE_COMPATIBLE;

    /** {@link #REFERENCE_COMPATIBLE} when {@code referenceCompatible}, else {@link #CLOSEST_RATIO}. */
    public static TargetFrameSelection of(boolean referenceCompatible) {
        return referenceCompatible ? REFERENCE_COMPATIBLE : CLOSEST_RATIO;
    }
}
