package io.vexpress.core.retarget;

/**
 * The face measures {@code retarget_kps} uses, evaluated with the reference's number types so results
 * match bit for bit: keypoints are numpy float32, differences of two float32 scalars stay float32, and a
 * float32 scalar raised to a Python power becomes float64 (numpy 1.x scalar rules); array expressions
 * ({@code point_to_line_dist}) stay float32 throughout.
 *
 * <p>Points are given as a row-major {@code [3, 2]} slice {@code xy[base..base + 6)}: left eye, right eye, nose.
 */
final class FaceGeometry {
    private FaceGeometry() {
    }

    /** {@code compute_ratio}: left-eye-to-nose over right-eye-to-nose distance (plus 1e-6), in double. */
    static double eyeNoseRatio(float[] xy, int base) {
        double left = distance(xy[base], xy[base + 1], xy[base + 4], xy[base + 5]);
        double right = distance(xy[base + 2], xy[base + 3], xy[base + 4], xy[base + 5]);
        return left / (right + 1e-6);
    }

    /** {@code get_face_size}'s first value: the distance between the eyes, in double. */
    static double eyeDistance(float[] xy, int base) {
        return distance(xy[base], xy[base + 1], xy[base + 2], xy[base + 3]);
    }

    /**
     * {@code point_to_line_dist(nose, [left eye, right eye])}: distance from the nose to the eye segment
     * (projection clamped to the segment), all in float32. NaN when the eyes coincide.
     */
    static float noseToEyeLineDistance(float[] xy, int base) {
        float ax = xy[base];
        float ay = xy[base + 1];
        float lineX = xy[base + 2] - ax;
        float lineY = xy[base + 3] - ay;
        float pointX = xy[base + 4] - ax;
        float pointY = xy[base + 5] - ay;
        float norm = (float) Math.sqrt(lineX * lineX + lineY * lineY); // float32 sqrt is correctly rounded
        float t = (lineX / norm) * (pointX / norm) + (lineY / norm) * (pointY / norm);
        if (t < 0f) {
            t = 0f;
        } else if (t > 1f) {
            t = 1f;
        }
        float dx = xy[base + 4] - (ax + t * lineX);
        float dy = xy[base + 5] - (ay + t * lineY);
        return (float) Math.sqrt(dx * dx + dy * dy);
    }

    /** {@code compute_dist} on float32 inputs: float32 differences, squares and sum in double. */
    private static double distance(float x1, float y1, float x2, float y2) {
        double dx = x1 - x2; // float32 subtraction, then widened
        double dy = y1 - y2;
        return Math.sqrt(dx * dx + dy * dy);
    }
}
