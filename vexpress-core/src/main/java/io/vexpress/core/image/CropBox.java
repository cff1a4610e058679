package io.vexpress.core.image;

import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;

/**
 * The region of a photo that becomes the reference image, in the photo's pixels (fractional, edges at pixel
 * boundaries: the whole photo is {@code (0, 0, width, height)}). It may reach beyond the photo, where the
 * photo's edge pixels fill it ({@link ImageFitter#crop}).
 *
 * @param x left edge
 * @param y top edge
 * @param width width, > 0
 * @param height height, > 0
 */
public record CropBox(double x, double y, double width, double height) {

    /** Checks the values. */
    public CropBox {
        if (!Double.isFinite(x) || !Double.isFinite(y) || !(width > 0) || !(height > 0)
                || Double.isInfinite(width) || Double.isInfinite(height)) {
            throw new IllegalArgumentException("crop box must be finite with a positive size: " + x + ", " + y + ", "
                    + width + "x" + height);
        }
    }

    /** The whole photo. */
    public static CropBox whole(RgbImage photo) {
        return new CropBox(0, 0, photo.width(), photo.height());
    }

    /** Whether the box is exactly the whole {@code photo}. */
    public boolean isWhole(RgbImage photo) {
        return x == 0 && y == 0 && width == photo.width() && height == photo.height();
    }

    /** {@code face} given in the photo's pixels, in pixels of the {@code outWidth x outHeight} image cut from this box. */
    public FaceKeypoints toOutput(FaceKeypoints face, int outWidth, int outHeight) {
        float[] p = face.toArray();
        double sx = outWidth / width;
        double sy = outHeight / height;
        for (int i = 0; i < 6; i += 2) {
            p[i] = (float) ((p[i] - x) * sx);
            p[i + 1] = (float) ((p[i + 1] - y) * sy);
        }
        return FaceKeypoints.of(p);
    }

    /** The inverse of {@link #toOutput}: {@code face} in output pixels, in the photo's pixels. */
    public FaceKeypoints toPhoto(FaceKeypoints face, int outWidth, int outHeight) {
        float[] p = face.toArray();
        double sx = width / outWidth;
        double sy = height / outHeight;
        for (int i = 0; i < 6; i += 2) {
            p[i] = (float) (x + p[i] * sx);
            p[i + 1] = (float) (y + p[i + 1] * sy);
        }
        return FaceKeypoints.of(p);
    }
}
