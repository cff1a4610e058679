package io.vexpress.core.face;

import io.vexpress.RetargetStrategy;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Checks of the inputs V-Express users most often get wrong, from the three V-Kps points alone: a small,
 * tilted or turned reference face, a face at the image border, and a driving sequence whose face size or
 * position does not match the reference while {@link RetargetStrategy#NO_RETARGET} uses it as it is.
 * The limits are deliberately loose: a warning means "expect visibly worse results", not "invalid".
 */
public final class FaceQualityCheck {
    /** Minimum distance between the eyes, in pixels of a 512x512 image (scaled with the image). */
    public static final double MIN_EYE_DISTANCE_AT_512 = 40;
    /** Largest in-plane tilt of the eye line, degrees. */
    public static final double MAX_ROLL_DEGREES = 20;
    /** Largest sideways nose offset from the eyes' midpoint along the eye line, as a fraction of the eye distance. */
    public static final double MAX_YAW_OFFSET = 0.35;
    /** Largest driving/reference eye-distance ratio (either way) that {@code NO_RETARGET} tolerates. */
    public static final double MAX_SCALE_RATIO = 1.25;
    /** Largest driving/reference nose distance that {@code NO_RETARGET} tolerates, in reference eye distances. */
    public static final double MAX_NOSE_SHIFT = 0.5;

    private FaceQualityCheck() {
    }

    /**
     * Checks the reference face.
     *
     * @param face the reference keypoints
     * @param width width of the image the keypoints are in (512 for V-Express)
     * @param height height of that image
     * @return the warnings, empty when the face looks fine
     */
    public static List<FaceQualityWarning> checkReference(FaceKeypoints face, int width, int height) {
        List<FaceQualityWarning> warnings = new ArrayList<>();
        double eyes = eyeDistance(face);
        double minEyes = MIN_EYE_DISTANCE_AT_512 * Math.min(width, height) / 512.0;
        if (eyes < minEyes) {
            warnings.add(new FaceQualityWarning(FaceQualityWarning.Kind.SMALL_FACE, format(
                    "The reference face is small: its eyes are %.0f px apart in the %dx%d image (less than %.0f)."
                            + " Crop the photo closer around the face so it fills more of the frame.", eyes, width, height, minEyes)));
        }
        double roll = Math.toDegrees(Math.atan2(face.rightEyeY() - face.leftEyeY(), face.rightEyeX() - face.leftEyeX()));
        if (Math.abs(roll) > MAX_ROLL_DEGREES) {
            warnings.add(new FaceQualityWarning(FaceQualityWarning.Kind.ROTATED_FACE, format(
                    "The reference face is tilted by %.0f degrees (more than %.0f). Rotate the photo so the eyes are level.",
                    roll, MAX_ROLL_DEGREES)));
        }
        double yaw = noseOffset(face, eyes);
        if (eyes > 0 && Math.abs(yaw) > MAX_YAW_OFFSET) {
            warnings.add(new FaceQualityWarning(FaceQualityWarning.Kind.ROTATED_FACE, format(
                    "The reference face is turned sideways: the nose is %.0f%% of the eye distance off the eyes' midpoint"
                            + " (more than %.0f%%). Use a frontal photo.", 100 * Math.abs(yaw), 100 * MAX_YAW_OFFSET)));
        }
        // A rough face box from the keypoints: a face is about two eye distances wide, with the forehead about
        // one eye distance above the eyes and the chin about 1.3 below the nose.
        double left = Math.min(face.leftEyeX(), face.rightEyeX()) - eyes;
        double right = Math.max(face.leftEyeX(), face.rightEyeX()) + eyes;
        double top = Math.min(face.leftEyeY(), face.rightEyeY()) - eyes;
        double bottom = face.noseY() + 1.3 * eyes;
        if (left < 0 || top < 0 || right > width || bottom > height) {
            warnings.add(new FaceQualityWarning(FaceQualityWarning.Kind.NEAR_BORDER, format(
                    "The reference face reaches the image border (estimated face box %.0f,%.0f to %.0f,%.0f in %dx%d)."
                            + " Leave some margin around the head so its motion is not cut.", left, top, right, bottom, width, height)));
        }
        return warnings;
    }

    /**
     * Checks whether {@code driving} fits {@code reference} for {@code strategy}. Only
     * {@link RetargetStrategy#NO_RETARGET} uses the driving keypoints as they are, so only it is checked: a
     * face of another size or place than the reference face then distorts the result.
     *
     * @return the warnings, empty when the sequence fits or the strategy adapts it anyway
     */
    public static List<FaceQualityWarning> checkDriving(KeypointSequence driving, FaceKeypoints reference, RetargetStrategy strategy) {
        List<FaceQualityWarning> warnings = new ArrayList<>();
        if (strategy != RetargetStrategy.NO_RETARGET) {
            return warnings;
        }
        int n = driving.frameCount();
        double[] eyes = new double[n];
        double[] noseX = new double[n];
        double[] noseY = new double[n];
        for (int i = 0; i < n; i++) {
            FaceKeypoints f = driving.frame(i);
            eyes[i] = eyeDistance(f);
            noseX[i] = f.noseX();
            noseY[i] = f.noseY();
        }
        double refEyes = eyeDistance(reference);
        double drivingEyes = median(eyes);
        double ratio = drivingEyes / refEyes;
        if (ratio > MAX_SCALE_RATIO || ratio < 1 / MAX_SCALE_RATIO) {
            warnings.add(new FaceQualityWarning(FaceQualityWarning.Kind.SCALE_MISMATCH, format(
                    "The driving face is %.2fx the size of the reference face (eye distance %.0f vs %.0f px), so no_retarget"
                            + " will distort it. Use offset_retarget (recommended) or naive_retarget.", ratio, drivingEyes, refEyes)));
        }
        double shift = Math.hypot(median(noseX) - reference.noseX(), median(noseY) - reference.noseY());
        if (refEyes > 0 && shift > MAX_NOSE_SHIFT * refEyes) {
            warnings.add(new FaceQualityWarning(FaceQualityWarning.Kind.SCALE_MISMATCH, format(
                    "The driving face sits %.0f px away from the reference face (nose to nose), so no_retarget will move"
                            + " the head there. Use offset_retarget (recommended) or naive_retarget.", shift)));
        }
        return warnings;
    }

    private static double eyeDistance(FaceKeypoints f) {
        return Math.hypot(f.rightEyeX() - f.leftEyeX(), f.rightEyeY() - f.leftEyeY());
    }

    /** Signed offset of the nose from the eyes' midpoint along the eye line, in eye distances. */
    private static double noseOffset(FaceKeypoints f, double eyes) {
        if (eyes == 0) {
            return 0;
        }
        double ex = (f.rightEyeX() - f.leftEyeX()) / eyes;
        double ey = (f.rightEyeY() - f.leftEyeY()) / eyes;
        double mx = (f.leftEyeX() + f.rightEyeX()) / 2.0;
        double my = (f.leftEyeY() + f.rightEyeY()) / 2.0;
        return ((f.noseX() - mx) * ex + (f.noseY() - my) * ey) / eyes;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
