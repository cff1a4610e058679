package io.vexpress.core.image;

import io.vexpress.ImageFit;
import io.vexpress.InvalidInputException;
import io.vexpress.media.RgbImage;
import java.util.Objects;

/**
 * Brings a reference image to the model's size.
 *
 * <ul>
 *   <li>{@link ImageFit#STRETCH}: {@code image.resize((w, h))} as V-Express does; a non-square face is distorted.
 *   <li>{@link ImageFit#CENTER_CROP}: the largest centred region with the target's aspect ratio, resized in the
 *       same bicubic pass, exactly as Pillow's {@code ImageOps.fit(image, (w, h))} (fractional crop box, no
 *       separate crop step), so nothing is distorted but the borders are cut off.
 *   <li>{@link ImageFit#FACE_CROP}: a {@link CropBox} framed around the face ({@link FaceFraming}), cut by
 *       {@link #crop}; it needs the face, so it is not a mode of {@link #fit}.
 * </ul>
 */
public final class ImageFitter {
    private ImageFitter() {
    }

    /**
     * @throws InvalidInputException when the target size is not positive
     * @throws IllegalArgumentException for {@link ImageFit#FACE_CROP}, which needs a face: use {@link #crop}
     */
    public static RgbImage fit(RgbImage image, int width, int height, ImageFit mode) {
        Objects.requireNonNull(image, "image");
        checkSize(width, height);
        if (mode == ImageFit.STRETCH) {
            return BicubicResize.resize(image, width, height);
        }
        CropBox box = box(image, width, height, mode);
        return BicubicResize.resize(image, width, height,
                (float) box.x(), (float) box.y(), (float) (box.x() + box.width()), (float) (box.y() + box.height()));
    }

    /**
     * The region of {@code image} that {@link #fit} turns into the reference: the whole image for
     * {@link ImageFit#STRETCH}, the centred crop for {@link ImageFit#CENTER_CROP}.
     */
    public static CropBox box(RgbImage image, int width, int height, ImageFit mode) {
        Objects.requireNonNull(mode, "mode");
        checkSize(width, height);
        if (mode == ImageFit.FACE_CROP) {
            throw new IllegalArgumentException("FACE_CROP needs the face: frame it with FaceFraming.cropAround and cut it with crop()");
        }
        if (mode == ImageFit.STRETCH) {
            return CropBox.whole(image);
        }
        // Pillow 9.4 ImageOps.fit with bleed 0 and centering (0.5, 0.5), computed in Python doubles.
        double liveW = image.width();
        double liveH = image.height();
        double liveRatio = liveW / liveH;
        double outputRatio = (double) width / height;
        double cropW;
        double cropH;
        if (liveRatio == outputRatio) {
            cropW = liveW;
            cropH = liveH;
        } else if (liveRatio >= outputRatio) {
            cropW = outputRatio * liveH;
            cropH = liveH;
        } else {
            cropW = liveW;
            cropH = liveW / outputRatio;
        }
        return new CropBox((liveW - cropW) * 0.5, (liveH - cropH) * 0.5, cropW, cropH);
    }

    /**
     * Cuts {@code box} out of {@code image} and resizes it to {@code width x height} (Pillow's bicubic resize of
     * the box). Where the box leaves the image, the image's edge pixels are repeated outwards.
     */
    public static RgbImage crop(RgbImage image, CropBox box, int width, int height) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(box, "box");
        checkSize(width, height);
        double right = box.x() + box.width();
        double bottom = box.y() + box.height();
        if (box.x() >= 0 && box.y() >= 0 && right <= image.width() && bottom <= image.height()) {
            return BicubicResize.resize(image, width, height, (float) box.x(), (float) box.y(), (float) right, (float) bottom);
        }
        // Only the pixels the box covers (plus the bicubic filter's reach) are materialised, with clamped indices.
        int reach = (int) Math.ceil(2 * Math.max(1, Math.max(box.width() / width, box.height() / height))) + 1;
        int x0 = (int) Math.floor(box.x()) - reach;
        int y0 = (int) Math.floor(box.y()) - reach;
        int x1 = (int) Math.ceil(right) + reach;
        int y1 = (int) Math.ceil(bottom) + reach;
        long bytes = (long) (x1 - x0) * (y1 - y0) * 3;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("The face crop (" + (x1 - x0) + "x" + (y1 - y0) + " pixels) is too large: the face"
                    + " is far larger than the photo. Use a photo that shows the whole face.");
        }
        int pw = x1 - x0;
        int ph = y1 - y0;
        int iw = image.width();
        byte[] src = image.toRgbBytes();
        byte[] padded = new byte[(int) bytes];
        for (int y = 0; y < ph; y++) {
            int sy = Math.max(0, Math.min(image.height() - 1, y0 + y));
            int row = y * pw * 3;
            for (int x = 0; x < pw; x++) {
                int sx = Math.max(0, Math.min(iw - 1, x0 + x));
                int s = (sy * iw + sx) * 3;
                int d = row + x * 3;
                padded[d] = src[s];
                padded[d + 1] = src[s + 1];
                padded[d + 2] = src[s + 2];
            }
        }
        RgbImage region = RgbImage.of(pw, ph, padded);
        return BicubicResize.resize(region, width, height, (float) (box.x() - x0), (float) (box.y() - y0),
                (float) (right - x0), (float) (bottom - y0));
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("Target image size must be positive, got " + width + "x" + height + ".");
        }
    }
}
