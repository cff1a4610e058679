package io.vexpress.core.image;

import io.vexpress.InvalidInputException;
import io.vexpress.keypoints.FaceKeypoints;

/**
 * Where a face sits in a square reference image and how large it is: the framing that
 * {@link io.vexpress.ImageFit#FACE_CROP} reproduces. Measured on the faces of V-Express's own sample portraits
 * ({@link #VEXPRESS_SAMPLES}; tools/framing/MeasureSampleFraming.java, numbers in docs/image-fit.md).
 *
 * <p>The face's <em>size</em> is its eye distance, or, for a head turned sideways (whose eyes come closer
 * while the nose stays as far below them), the nose's distance below the eye line divided by
 * {@link #noseDropPerEyeDistance}, whichever is larger. Its <em>position</em> is the eyes' midpoint. Both are
 * fractions of the image side; for a non-square output the same square framing is centred in it, with the
 * shorter side as the square's side.
 *
 * @param faceSize face size / image side
 * @param eyesX the eyes' midpoint x / image side
 * @param eyesY the eyes' midpoint y / image side
 * @param noseDropPerEyeDistance nose-to-eye-line distance / eye distance of a frontal face
 */
public record FaceFraming(double faceSize, double eyesX, double eyesY, double noseDropPerEyeDistance) {
    /**
     * The mean framing of the three V-Express sample portraits (AOC, tys, 10), measured by
     * tools/framing/MeasureSampleFraming.java (see docs/image-fit.md).
     */
    public static final FaceFraming VEXPRESS_SAMPLES = new FaceFraming(0.2015, 0.4774, 0.4118, 0.560);

    /** Checks the values. */
    public FaceFraming {
        if (!(faceSize > 0 && faceSize < 1) || !(noseDropPerEyeDistance > 0) || !Double.isFinite(eyesX) || !Double.isFinite(eyesY)) {
            throw new IllegalArgumentException("invalid framing " + faceSize + ", " + eyesX + ", " + eyesY + ", " + noseDropPerEyeDistance);
        }
    }

    /** The eye distance of {@code face}. */
    public static double eyeDistance(FaceKeypoints face) {
        return Math.hypot(face.rightEyeX() - face.leftEyeX(), face.rightEyeY() - face.leftEyeY());
    }

    /** The nose's distance from the line through the eyes. */
    public static double noseDrop(FaceKeypoints face) {
        double ex = face.rightEyeX() - face.leftEyeX();
        double ey = face.rightEyeY() - face.leftEyeY();
        double d = Math.hypot(ex, ey);
        if (d == 0) {
            return Math.hypot(face.noseX() - face.leftEyeX(), face.noseY() - face.leftEyeY());
        }
        return Math.abs((face.noseX() - face.leftEyeX()) * ey - (face.noseY() - face.leftEyeY()) * ex) / d;
    }

    /** The face size in the keypoints' pixels (see the class comment). */
    public double sizeOf(FaceKeypoints face) {
        return Math.max(eyeDistance(face), noseDrop(face) / noseDropPerEyeDistance);
    }

    /**
     * The region of the photo to cut for a {@code outWidth x outHeight} reference in which {@code face} (in the
     * photo's pixels) is framed like this.
     *
     * @throws InvalidInputException when the keypoints do not span a face (coincident points)
     */
    public CropBox cropAround(FaceKeypoints face, int outWidth, int outHeight) {
        double size = sizeOf(face);
        if (!(size >= 1e-3)) {
            throw new InvalidInputException("The reference face's keypoints " + java.util.Arrays.toString(face.toArray())
                    + " do not span a face (the eyes and nose coincide), so no crop can be framed around it.");
        }
        double side = size / faceSize; // the square's side in photo pixels
        double unit = side / Math.min(outWidth, outHeight);
        double width = outWidth * unit;
        double height = outHeight * unit;
        double mx = (face.leftEyeX() + face.rightEyeX()) / 2.0;
        double my = (face.leftEyeY() + face.rightEyeY()) / 2.0;
        double left = mx - (eyesX - 0.5) * side - width / 2;
        double top = my - (eyesY - 0.5) * side - height / 2;
        return new CropBox(left, top, width, height);
    }
}
