package io.vexpress.core.retarget;

import io.vexpress.GenerationRequest;
import io.vexpress.InvalidInputException;
import io.vexpress.RetargetStrategy;
import io.vexpress.Setting;
import io.vexpress.core.conditioning.KeypointAligner;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;

/**
 * V-Express's four retarget strategies ({@code inference.py} with {@code retarget_kps} from
 * {@code pipelines/utils.py}), reproduced float for float:
 * <ul>
 *   <li>{@link RetargetStrategy#FIX_FACE}: the reference keypoints repeated for every frame;</li>
 *   <li>{@link RetargetStrategy#NO_RETARGET}: the driving sequence as it is;</li>
 *   <li>{@link RetargetStrategy#OFFSET_RETARGET} ({@code only_offset=True}): a target frame is selected
 *       ({@link TargetFrameSelection}), x is scaled by the eye-distance ratio and y by the
 *       nose-to-eye-line ratio (reference over target), and the reference keypoints are moved by half the
 *       scaled nose offset from the first frame: {@code ref - (nose[t] - nose[0]) / 2};</li>
 *   <li>{@link RetargetStrategy#NAIVE_RETARGET} ({@code only_offset=False}): the scaled sequence shifted
 *       so that its first nose lands on the reference nose.</li>
 * </ul>
 * Degenerate geometry (coincident eyes, a nose on the eye line, coordinates so large that the result
 * overflows) is rejected with an {@link InvalidInputException} instead of producing NaN or infinite frames.
 */
public final class KeypointRetargeter {
    /**
     * Faces whose eye distance or nose-to-eye-line distance is below this many pixels are degenerate: the
     * scale factors would be infinite, NaN or meaningless.
     */
    public static final double MIN_FACE_EXTENT_PIXELS = 1e-3;

    private KeypointRetargeter() {
    }

    /**
     * {@link #apply(RetargetStrategy, FaceKeypoints, KeypointSequence, int, TargetFrameSelection)} with the
     * request's strategy and frame selection ({@link GenerationRequest#referenceCompatibleRetarget()}).
     *
     * @param request the job; only its retarget settings are read
     * @param reference the reference face's keypoints (from the detector or the request); may be null for NO_RETARGET
     * @param driving the loaded driving sequence; may be null for FIX_FACE
     * @param videoLength frames of the video
     */
    public static KeypointSequence apply(GenerationRequest request, FaceKeypoints reference, KeypointSequence driving, int videoLength) {
        return apply(request.retargetStrategy(), reference, driving, videoLength,
                TargetFrameSelection.of(request.referenceCompatibleRetarget()));
    }

    /**
     * Everything {@code inference.py} does between loading the keypoints and drawing them: aligns the
     * driving sequence to {@code videoLength} frames ({@link KeypointAligner}) and applies {@code strategy}.
     *
     * @param strategy the strategy
     * @param reference the reference image's keypoints; required by every strategy but NO_RETARGET
     * @param driving the driving sequence, any length; required by every strategy but FIX_FACE (ignored there)
     * @param videoLength frames of the video
     * @param selection target-frame selection for the offset and naive strategies
     * @return exactly {@code videoLength} frames
     */
    public static KeypointSequence apply(RetargetStrategy strategy, FaceKeypoints reference, KeypointSequence driving,
            int videoLength, TargetFrameSelection selection) {
        if (strategy == null) {
            throw new InvalidInputException("No retarget strategy given; use one of fix_face, no_retarget, offset_retarget, naive_retarget.");
        }
        if (videoLength < 1) {
            throw new InvalidInputException("Video length must be at least 1 frame, got " + videoLength + ".");
        }
        if (strategy.needsReferenceKeypoints() && reference == null) {
            throw new InvalidInputException(Setting.REFERENCE_KEYPOINTS, "Retarget strategy " + strategy.snakeCaseName()
                    + " needs the reference face's keypoints: give them with {REFERENCE_KEYPOINTS} or a face detector with {FACE_DETECTOR}.");
        }
        if (strategy == RetargetStrategy.FIX_FACE) {
            return KeypointSequence.repeat(reference, videoLength);
        }
        if (driving == null) {
            throw new InvalidInputException(Setting.KEYPOINTS, "Retarget strategy " + strategy.snakeCaseName()
                    + " needs a driving keypoint sequence: give a kps.pth file with {KEYPOINTS}, or use {RETARGET_STRATEGY:fix_face}.");
        }
        KeypointSequence aligned = KeypointAligner.align(driving, videoLength);
        switch (strategy) {
            case NO_RETARGET:
                return aligned;
            case OFFSET_RETARGET:
                return offset(reference, aligned, selection);
            case NAIVE_RETARGET:
                return naive(reference, aligned, selection);
            default:
                throw new IllegalStateException("Unhandled strategy " + strategy);
        }
    }

    /** {@code retarget_kps(reference, sequence, only_offset=True)}; the result has the sequence's length. */
    public static KeypointSequence offset(FaceKeypoints reference, KeypointSequence sequence, TargetFrameSelection selection) {
        float[] scaled = scaledSequence(reference, sequence, selection);
        float[] ref = reference.toArray();
        int frames = sequence.frameCount();
        float noseX0 = scaled[4];
        float noseY0 = scaled[5];
        float[] out = new float[frames * 6];
        for (int f = 0; f < frames; f++) {
            float halfX = (scaled[f * 6 + 4] - noseX0) / 2f;
            float halfY = (scaled[f * 6 + 5] - noseY0) / 2f;
            for (int p = 0; p < 3; p++) {
                out[f * 6 + p * 2] = ref[p * 2] - halfX;
                out[f * 6 + p * 2 + 1] = ref[p * 2 + 1] - halfY;
            }
        }
        return finite(out, "offset_retarget");
    }

    /** {@code retarget_kps(reference, sequence, only_offset=False)}; the result has the sequence's length. */
    public static KeypointSequence naive(FaceKeypoints reference, KeypointSequence sequence, TargetFrameSelection selection) {
        float[] scaled = scaledSequence(reference, sequence, selection);
        float offsetX = scaled[4] - reference.noseX();
        float offsetY = scaled[5] - reference.noseY();
        for (int i = 0; i < scaled.length; i += 2) {
            scaled[i] -= offsetX;
            scaled[i + 1] -= offsetY;
        }
        return finite(scaled, "naive_retarget");
    }

    /**
     * The index of the driving frame whose proportions set the scale factors.
     *
     * @throws InvalidInputException when no frame qualifies (the reference accepts only ratio differences
     *     below 10000)
     */
    public static int selectTargetFrame(FaceKeypoints reference, KeypointSequence sequence, TargetFrameSelection selection) {
        requireInputs(reference, sequence, selection);
        double refRatio = FaceGeometry.eyeNoseRatio(reference.toArray(), 0);
        float[] xy = sequence.toArray();
        double best = 10000; // the reference's initial ratio_delta
        int selected = -1;
        for (int f = 0; f < sequence.frameCount(); f++) {
            double ratio = FaceGeometry.eyeNoseRatio(xy, f * 6);
            double delta = Math.abs(ratio - refRatio);
            if (delta < best) {
                selected = f;
                // V-Express stores the ratio itself here; the corrected selection stores the difference.
                best = selection == TargetFrameSelection.REFERENCE_COMPATIBLE ? ratio : delta;
            }
        }
        if (selected < 0) {
            throw new InvalidInputException("No driving frame has face proportions comparable to the reference face "
                    + "(eye-to-nose distance ratios differ by 10000 or more); check the keypoints.");
        }
        return selected;
    }

    /** The sequence with x scaled by the eye-distance ratio and y by the nose-height ratio (float32, as numpy). */
    private static float[] scaledSequence(FaceKeypoints reference, KeypointSequence sequence, TargetFrameSelection selection) {
        int target = selectTargetFrame(reference, sequence, selection);
        float[] ref = reference.toArray();
        float[] xy = sequence.toArray();
        double refEyes = FaceGeometry.eyeDistance(ref, 0);
        double targetEyes = FaceGeometry.eyeDistance(xy, target * 6);
        float refNose = FaceGeometry.noseToEyeLineDistance(ref, 0);
        float targetNose = FaceGeometry.noseToEyeLineDistance(xy, target * 6);
        requireExtent(refEyes, refNose, "reference face", ref, 0);
        requireExtent(targetEyes, targetNose, "driving frame " + target, xy, target * 6);
        // numpy: float32 array *= Python float casts the factor to float32 first.
        float scaleWidth = (float) (refEyes / targetEyes);
        float scaleHeight = refNose / targetNose;
        for (int i = 0; i < xy.length; i += 2) {
            xy[i] *= scaleWidth;
            xy[i + 1] *= scaleHeight;
        }
        return xy;
    }

    private static void requireExtent(double eyes, float nose, String what, float[] xy, int base) {
        if (!(eyes >= MIN_FACE_EXTENT_PIXELS)) {
            throw new InvalidInputException("Cannot retarget: the eyes of the " + what + " coincide (" + describe(xy, base)
                    + "). Use keypoints of a visible, frontal face, or the fix_face / no_retarget strategy.");
        }
        if (!(nose >= MIN_FACE_EXTENT_PIXELS)) {
            throw new InvalidInputException("Cannot retarget: the nose of the " + what + " lies on the line between the eyes ("
                    + describe(xy, base) + "). Use keypoints of a visible, frontal face, or the fix_face / no_retarget strategy.");
        }
    }

    private static String describe(float[] xy, int base) {
        return String.format(java.util.Locale.ROOT, "left eye (%s, %s), right eye (%s, %s), nose (%s, %s)",
                xy[base], xy[base + 1], xy[base + 2], xy[base + 3], xy[base + 4], xy[base + 5]);
    }

    private static void requireInputs(FaceKeypoints reference, KeypointSequence sequence, TargetFrameSelection selection) {
        if (reference == null) {
            throw new InvalidInputException(Setting.REFERENCE_KEYPOINTS, "Retargeting needs the reference face's keypoints:"
                    + " give them with {REFERENCE_KEYPOINTS} or a face detector with {FACE_DETECTOR}.");
        }
        if (sequence == null || sequence.frameCount() == 0) {
            throw new InvalidInputException("Retargeting needs a non-empty driving keypoint sequence.");
        }
        if (selection == null) {
            throw new InvalidInputException("No target frame selection given; use CLOSEST_RATIO or REFERENCE_COMPATIBLE.");
        }
    }

    private static KeypointSequence finite(float[] xy, String strategy) {
        for (int i = 0; i < xy.length; i++) {
            if (!Float.isFinite(xy[i])) {
                throw new InvalidInputException("Cannot " + strategy + ": frame " + (i / 6)
                        + " overflows to " + xy[i] + "; the keypoints are implausibly large or the face proportions extreme.");
            }
        }
        return KeypointSequence.of(xy);
    }
}
