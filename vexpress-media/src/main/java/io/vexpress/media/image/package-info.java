/**
 * Image decoding to {@link io.vexpress.media.RgbImage}: {@link io.vexpress.media.image.StandardImageDecoder}
 * reads the header first (size limit against decompression bombs, EXIF orientation), then decodes JPEG,
 * PNG, BMP and GIF with the JDK's ImageIO and WebP (or anything ImageIO rejects) with FFmpeg.
 */
package io.vexpress.media.image;
