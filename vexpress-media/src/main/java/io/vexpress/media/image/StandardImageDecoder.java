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
 *
 * <p>Large images. Decoded in full, an image just under the limit (81 megapixels) needs over a gigabyte of heap. When
 * the caller says how many pixels it needs ({@link #decode(Path, boolean, int, int)}, as the engine does with twice
 * the video's size) and the image has more than {@link #fullDecodePixels()} pixels (default 16,777,216 = 4096x4096,
 * {@code -Dvexpress.image.fullDecodePixels}), it is decoded downscaled instead: FFmpeg decodes it in native memory
 * (JPEGs at a reduced DCT scale, {@code lowres}), scales it with an area filter to the smallest size that still has
 * the needed pixels, and only that reaches the Java heap. Images up to that size decode exactly as Pillow does.
 */
public final class StandardImageDecoder implements ImageDecoder {
    /** Pillow's {@code Image.MAX_IMAGE_PIXELS}: the size above which Pillow warns of a decompression bomb. */
    public static final long DEFAULT_MAX_PIXELS = 89_478_485L;
    /** Above this many pixels an image whose caller needs fewer is decoded downscaled (4096 x 4096). */
    public static final long DEFAULT_FULL_DECODE_PIXELS = 4096L * 4096L;

    private static final Logger LOG = LoggerFactory.getLogger(StandardImageDecoder.class);

    private final long maxPixels;
    private final long fullDecodePixels;

    /**
     * A decoder with the limits from {@code -Dvexpress.image.maxPixels} and {@code -Dvexpress.image.fullDecodePixels}
     * or {@link #DEFAULT_MAX_PIXELS} and {@link #DEFAULT_FULL_DECODE_PIXELS}.
     */
    public StandardImageDecoder() {
        this(Long.getLong("vexpress.image.maxPixels", DEFAULT_MAX_PIXELS),
                Long.getLong("vexpress.image.fullDecodePixels", DEFAULT_FULL_DECODE_PIXELS));
    }

    /** A decoder that refuses images of more than {@code maxPixels} pixels. */
    public StandardImageDecoder(long maxPixels) {
        this(maxPixels, DEFAULT_FULL_DECODE_PIXELS);
    }

    /**
     * A decoder that refuses images of more than {@code maxPixels} pixels and decodes those of more than
     * {@code fullDecodePixels} downscaled when the caller needs fewer.
     */
    public StandardImageDecoder(long maxPixels, long fullDecodePixels) {
        if (maxPixels <= 0 || fullDecodePixels <= 0) {
            throw new IllegalArgumentException("pixel limits must be positive: " + maxPixels + ", " + fullDecodePixels);
        }
        this.maxPixels = maxPixels;
        this.fullDecodePixels = fullDecodePixels;
    }

    /** Images with more pixels than this are decoded downscaled when the caller needs fewer. */
    public long fullDecodePixels() {
        return fullDecodePixels;
    }

    /** The largest accepted width x height. */
    public long maxPixels() {
        return maxPixels;
    }

    @Override
    public RgbImage decode(Path file, boolean applyExifOrientation) {
        return decode(file, applyExifOrientation, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    @Override
    public RgbImage decode(Path file, boolean applyExifOrientation, int neededWidth, int neededHeight) {
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
            int[] reduced = reducedSize(header, applyExifOrientation, neededWidth, neededHeight);
            if (reduced != null) {
                LOG.debug("{}: {}x{} decoded downscaled to {}x{}", file, header.width(), header.height(), reduced[0], reduced[1]);
                RgbImage small = FfmpegImageReading.readScaled(file, reduced[0], reduced[1], header.format() == ImageHeader.Format.JPEG);
                return applyExifOrientation && header.orientation() != 1 ? ExifOrientation.apply(small, header.orientation()) : small;
            }
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

    /**
     * The stored size to decode a large image at so that, once upright, it still covers {@code neededWidth x
     * neededHeight}; null to decode it in full (small enough, or not larger than needed).
     */
    int[] reducedSize(ImageHeader header, boolean applyExifOrientation, int neededWidth, int neededHeight) {
        long w = header.width();
        long h = header.height();
        if (w * h <= fullDecodePixels || header.jpegComponents() == 4) {
            return null; // CMYK JPEGs need the exact conversion path; they are rare at this size
        }
        boolean swapped = applyExifOrientation && header.orientation() >= 5; // 90-degree turns swap the sides
        long needW = Math.max(1, swapped ? neededHeight : neededWidth);
        long needH = Math.max(1, swapped ? neededWidth : neededHeight);
        double scale = Math.max((double) needW / w, (double) needH / h);
        if (scale >= 1) {
            return null;
        }
        int rw = (int) Math.min(w, Math.ceil(w * scale));
        int rh = (int) Math.min(h, Math.ceil(h * scale));
        return new int[] {Math.max(1, rw), Math.max(1, rh)};
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
