package io.vexpress.media.face;

import io.vexpress.MediaException;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.VideoDecoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** A minimal test-only VideoDecoder on JavaCV (frames only), so these tests need no other package. */
final class GrabberVideoDecoder implements VideoDecoder {

    @Override
    public Reader open(Path file) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            throw new MediaException("cannot open " + file, e);
        }
        return new Reader() {
            @Override
            public double fps() {
                return grabber.getFrameRate();
            }

            @Override
            public int frameCount() {
                return grabber.getLengthInVideoFrames();
            }

            @Override
            public RgbImage nextFrame() {
                try {
                    Frame frame = grabber.grabImage();
                    if (frame == null) {
                        return null;
                    }
                    ByteBuffer buffer = (ByteBuffer) frame.image[0];
                    byte[] data = new byte[buffer.remaining()];
                    buffer.get(data);
                    return SampleImages.bgrToRgb(frame.imageWidth, frame.imageHeight, data, frame.imageStride);
                } catch (FrameGrabber.Exception e) {
                    throw new MediaException("cannot decode " + file, e);
                }
            }

            @Override
            public void extractAudio(Path target) {
                throw new UnsupportedOperationException("test decoder");
            }

            @Override
            public void close() {
                try {
                    grabber.close();
                } catch (FrameGrabber.Exception e) {
                    throw new MediaException("cannot close " + file, e);
                }
            }
        };
    }
}
