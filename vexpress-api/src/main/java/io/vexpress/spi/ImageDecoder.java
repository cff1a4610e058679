package io.vexpress.spi;

import io.vexpress.media.RgbImage;
import java.nio.file.Path;

/**
 * Decodes image files (JPEG, PNG, WebP, BMP...) to RGB. Alpha is dropped and grey or palette images are
 * expanded as Pillow's {@code convert('RGB')} does. Found with {@link Services}.
 */
public interface ImageDecoder extends ServicePriority {

    /**
     * @param file the image file
     * @param applyExifOrientation rotate/flip per the EXIF orientation tag (V-Express itself ignores it)
     * @throws io.vexpress.MediaException when the file cannot be decoded or declares an unreasonable size
     */
    RgbImage decode(Path file, boolean applyExifOrientation);

    /**
     * Decodes an image that will be used at no more than {@code neededWidth x neededHeight}: a decoder may then
     * return a very large image downscaled, keeping its aspect ratio and at least that many pixels in each direction,
     * instead of holding all of its pixels in memory. The default decodes at full size.
     *
     * @param neededWidth the width the caller needs at most (the image may still come back larger)
     * @param neededHeight the height the caller needs at most
     */
    default RgbImage decode(Path file, boolean applyExifOrientation, int neededWidth, int neededHeight) {
        return decode(file, applyExifOrientation);
    }
}
