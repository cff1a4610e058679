package io.vexpress.keypoints;

import io.vexpress.InvalidInputException;

/**
 * The three V-Kps points of one face, in pixel coordinates of the (usually 512x512) image:
 * left eye, right eye and nose, in insightface's order (the first three of its five landmarks).
 *
 * @param leftEyeX left eye x
 * @param leftEyeY left eye y
 * @param rightEyeX right eye x
 * @param rightEyeY right eye y
 * @param noseX nose x
 * @param noseY nose y
 */
public record FaceKeypoints(float leftEyeX, float leftEyeY, float rightEyeX, float rightEyeY, float noseX, float noseY) {

    /** Validates that every coordinate is finite. */
    public FaceKeypoints {
        float[] all = {leftEyeX, leftEyeY, rightEyeX, rightEyeY, noseX, noseY};
        for (float v : all) {
            if (!Float.isFinite(v)) {
                throw new InvalidInputException("Face keypoints must be finite, got " + java.util.Arrays.toString(all) + ".");
            }
        }
    }

    /** From {@code [lx, ly, rx, ry, nx, ny]}, the row-major layout of a {@code [3, 2]} array. */
    public static FaceKeypoints of(float[] xy) {
        if (xy == null || xy.length != 6) {
            throw new InvalidInputException("Face keypoints need 6 values (3 points x 2), got "
                    + (xy == null ? "null" : xy.length) + ".");
        }
        return new FaceKeypoints(xy[0], xy[1], xy[2], xy[3], xy[4], xy[5]);
    }

    /** {@code [lx, ly, rx, ry, nx, ny]}. */
    public float[] toArray() {
        return new float[] {leftEyeX, leftEyeY, rightEyeX, rightEyeY, noseX, noseY};
    }
}
