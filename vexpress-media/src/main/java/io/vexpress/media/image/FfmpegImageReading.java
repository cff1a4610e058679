package io.vexpress.media.image;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;

import io.vexpress.MediaException;
import io.vexpress.media.ffmpeg.FfmpegRuntime;
import io.vexpress.media.ffmpeg.RgbFrames;
import io.vexpress.media.RgbImage;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Decodes the first picture of a still-image file with FFmpeg (WebP, CMYK JPEG, ...), converted to RGB24. */
final class FfmpegImageReading {
    private FfmpegImageReading() {
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
