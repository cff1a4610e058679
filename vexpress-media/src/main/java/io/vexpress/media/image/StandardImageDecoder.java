package io.vexpress.media.image;

import io.vexpress.MediaException;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@link ImageDecoder}: JPEG, PNG, BMP and GIF through the JDK's ImageIO (its libjpeg gives the
 * same pixels as Pillow's libjpeg-turbo on ordinary baseline/progressive JPEGs; CMYK/YCCK JPEGs are converted
 * as Pillow does), WebP and whatever ImageIO cannot read through FFmpeg.
 *
 * <p>Before decoding, the declared size is read from the file header (JPEG, PNG, WebP, BMP, GIF by this class,
 * other ImageIO formats by their reader); images above {@link #maxPixels()} (default Pillow's
 * {@code MAX_IMAGE_PIXELS}, 89,478,485) are refused, so a tiny file declaring 50000x50000 pixels never
 * allocates them. Formats only FFmpeg reads are checked after decoding (FFmpeg itself refuses pictures
 * above about 268 megapixels). Override the limit with the system property
 * {@code vexpress.image.maxPixels} or the constructor.
 */
public final class StandardImageDecoder implements ImageDecoder {
    /** Pillow's {@code Image.MAX_IMAGE_PIXELS}: the size above which Pillow warns of a decompression bomb. */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

    private static final Logger LOG = LoggerFactory.getLogger(StandardImageDecoder.class);

    private final long maxPixels;

    /** A decoder with the limit from {@code -Dvexpress.image.maxPixels} or {@link #DEFAULT_MAX_PIXELS}. */
    public StandardImageDecoder() {
        this(Long.getLong("vexpress.image.maxPixels", DEFAULT_MAX_PIXELS));
    }

    /** A decoder that refuses images of more than {@code maxPixels} pixels. */
    public StandardImageDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive: " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /** The largest accepted width x height. */
    public long maxPixels() {
        return maxPixels;
    }

    @Override
    public RgbImage decode(Path file, boolean applyExifOrientation) {
        if (!Files.isRegularFile(file)) {
            throw new MediaException("Image file " + file + " does not exist or is not a regular file.");
        }
        ImageHeader header;
        try {
            if (Files.size(file) == 0) {
                throw new MediaException("Image file " + file + " is empty.");
            }
            header = ImageHeader.read(file);
        } catch (IOException e) {
            throw new MediaException("Cannot read image file " + file + ": " + e.getMessage(), e);
        }
        if (header.width() > 0 && header.height() > 0) {
            checkSize(file, header.width(), header.height());
        }
        RgbImage image = header.format() != ImageHeader.Format.WEBP ? readWithImageIo(file, header)
                : header.lossyWebp() ? FfmpegImageReading.readLossyWebp(file) : FfmpegImageReading.read(file);
        if (header.width() <= 0) {
            // A format only FFmpeg knows: FFmpeg caps pictures at about 268 megapixels on its own; apply ours now.
            checkSize(file, image.width(), image.height());
        }
        if (header.width() > 0 && (image.width() != header.width() || image.height() != header.height())) {
            LOG.debug("{}: header says {}x{}, decoded {}x{}", file, header.width(), header.height(), image.width(), image.height());
        }
        if (applyExifOrientation && header.orientation() != 1) {
            LOG.debug("{}: applying EXIF orientation {}", file, header.orientation());
            return ExifOrientation.apply(image, header.orientation());
        }
        return image;
    }

    private void checkSize(Path file, long width, long height) {
        if (width * height > maxPixels) {
            throw new MediaException("Image " + file + " declares " + width + "x" + height + " = " + (width * height)
                    + " pixels, more than the limit of " + maxPixels + " (a possible decompression bomb). Scale the image"
                    + " down, or raise the limit with -Dvexpress.image.maxPixels=N if you trust the file.");
        }
    }

    private RgbImage readWithImageIo(Path file, ImageHeader header) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return FfmpegImageReading.read(file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // Formats this class does not parse itself: ask the reader for the header-only size first.
                if (header.width() <= 0) {
                    checkSize(file, reader.getWidth(0), reader.getHeight(0));
                }
                if (header.jpegComponents() == 4) {
                    // CMYK/YCCK: ImageIO cannot build a BufferedImage, but reads the raw raster.
                    return JpegCmyk.toRgb(reader.readRaster(0, null), header.adobeTransform());
                }
                BufferedImage decoded = reader.read(0);
                return RasterConversion.toRgb(decoded);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof MediaException me) {
                throw me;
            }
            // ImageIO rejects some unusual encodings (e.g. arithmetic-coded JPEG) that FFmpeg reads.
            LOG.debug("{}: ImageIO failed ({}), trying FFmpeg", file, e.toString());
            try {
                return FfmpegImageReading.read(file);
            } catch (MediaException ffmpegFailure) {
                ffmpegFailure.addSuppressed(e);
                throw ffmpegFailure;
            }
        }
    }
}
