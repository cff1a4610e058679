package io.vexpress.media.image;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

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
            throw new MediaException("Cannot decode WebP image " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] plane(AVFrame picture, int index, int length) {
        byte[] bytes = new byte[length];
        BytePointer data = picture.data(index);
        data.capacity(length).position(0).get(bytes, 0, length);
        return bytes;
    }

    static RgbImage read(Path file) {
        FfmpegRuntime.initialise();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(AV_PIX_FMT_RGB24);
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
            throw new MediaException("Cannot decode image " + file + " (supported: JPEG, PNG, WebP, BMP, GIF): "
                    + e.getMessage(), e);
        }
    }
}
