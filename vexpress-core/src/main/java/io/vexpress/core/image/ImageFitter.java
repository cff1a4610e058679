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
 * </ul>
 */
public final class ImageFitter {
    private ImageFitter() {
    }

    /**
     * @throws InvalidInputException when the target size is not positive
     */
    public static RgbImage fit(RgbImage image, int width, int height, ImageFit mode) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mode, "mode");
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("Target image size must be positive, got " + width + "x" + height + ".");
        }
        if (mode == ImageFit.STRETCH) {
            return BicubicResize.resize(image, width, height);
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
        double left = (liveW - cropW) * 0.5;
        double top = (liveH - cropH) * 0.5;
        return BicubicResize.resize(image, width, height,
                (float) left, (float) top, (float) (left + cropW), (float) (top + cropH));
    }
}
