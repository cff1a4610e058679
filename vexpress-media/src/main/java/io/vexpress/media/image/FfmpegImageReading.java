package io.vexpress.media.image;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.swscale.SWS_AREA;

import io.vexpress.media.ffmpeg.FfmpegErrors;
import io.vexpress.MediaException;
import io.vexpress.media.ffmpeg.FfmpegRuntime;
import io.vexpress.media.ffmpeg.RgbFrames;
import io.vexpress.media.RgbImage;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Decodes the first picture of a still-image file with FFmpeg (WebP, CMYK JPEG, ...), converted to RGB24. */
final class FfmpegImageReading {
    private FfmpegImageReading() {
    }

    /**
     * Decodes a lossy (VP8) WebP to its YUV 4:2:0 planes and converts them the way libwebp (and so Pillow)
     * does, instead of through FFmpeg's swscale, whose chroma upsampling differs.
     */
    static RgbImage readLossyWebp(Path file) {
        FfmpegRuntime.initialise();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(AV_PIX_FMT_YUV420P);
            grabber.start();
            Frame frame = grabber.grabImage();
            if (frame == null || !(frame.opaque instanceof AVFrame picture) || picture.format() != AV_PIX_FMT_YUV420P) {
                throw new MediaException("WebP file " + file + " contains no picture that FFmpeg can decode.");
            }
            int w = picture.width();
            int h = picture.height();
            int yStride = picture.linesize(0);
            int uvStride = picture.linesize(1);
            if (picture.linesize(2) != uvStride) {
                throw new MediaException("Unexpected chroma layout decoding " + file + ".");
            }
            byte[] y = plane(picture, 0, yStride * (h - 1) + w);
            int uvRows = (h + 1) / 2;
            int uvBytes = uvStride * (uvRows - 1) + (w + 1) / 2;
            return WebpFancyUpsampling.toRgb(y, yStride, plane(picture, 1, uvBytes), plane(picture, 2, uvBytes), uvStride, w, h);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (e instanceof MediaException me) {
                throw me;
            }
            throw new MediaException("Cannot decode WebP image " + file + ": " + FfmpegErrors.describe(e), e);
        }
    }

    private static byte[] plane(AVFrame picture, int index, int length) {
        byte[] bytes = new byte[length];
        BytePointer data = picture.data(index);
        data.capacity(length).position(0).get(bytes, 0, length);
        return bytes;
    }

    /**
     * Decodes an image at {@code width x height} without its full-size pixels ever reaching the Java heap: FFmpeg
     * decodes in native memory (a JPEG at the smallest DCT scale, 1/2 to 1/8, that still covers the size), then
     * swscale's area filter shrinks it.
     */
    static RgbImage readScaled(Path file, int width, int height, boolean jpeg) {
        return grab(file, "Cannot decode the large image " + file + " downscaled: ", grabber -> {
            grabber.setImageWidth(width);
            grabber.setImageHeight(height);
            grabber.setImageScalingFlags(SWS_AREA);
            if (jpeg) {
                grabber.setVideoOption("lowres", Integer.toString(lowres(file, width, height)));
            }
        });
    }

    /** The largest JPEG DCT reduction (0..3: 1, 1/2, 1/4, 1/8) that keeps at least {@code width x height}. */
    private static int lowres(Path file, int width, int height) {
        try {
            ImageHeader header = ImageHeader.read(file);
            int level = 0;
            while (level < 3 && (header.width() >> (level + 1)) >= width && (header.height() >> (level + 1)) >= height) {
                level++;
            }
            return level;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static RgbImage read(Path file) {
        return grab(file, "Cannot decode image " + file + " (supported: JPEG, PNG, WebP, BMP, GIF): ", grabber -> { });
    }

    /** The first picture of {@code file} as RGB24, with the grabber set up by {@code setup} before it starts. */
    private static RgbImage grab(Path file, String failure, java.util.function.Consumer<FFmpegFrameGrabber> setup) {
        FfmpegRuntime.initialise();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(AV_PIX_FMT_RGB24);
            setup.accept(grabber);
            grabber.start();
            Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null) {
                throw new MediaException("Image file " + file + " contains no picture that FFmpeg can decode.");
            }
            return RgbFrames.toRgbImage(frame);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (e instanceof MediaException me) {
                throw me;
            }
            throw new MediaException(failure + FfmpegErrors.describe(e), e);
        }
    }
}
