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
}
