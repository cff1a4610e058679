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
    private final int maxFrames;

    /** Decodes every frame. */
    GrabberVideoDecoder() {
        this(Integer.MAX_VALUE);
    }

    /** Stops after {@code maxFrames} frames, to keep slow detectors' tests short. */
    GrabberVideoDecoder(int maxFrames) {
        this.maxFrames = maxFrames;
    }

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
            int decoded;

            @Override
            public double fps() {
                return grabber.getFrameRate();
            }

            @Override
            public int frameCount() {
                return Math.min(maxFrames, grabber.getLengthInVideoFrames());
            }

            @Override
            public RgbImage nextFrame() {
                if (decoded == maxFrames) {
                    return null;
                }
                decoded++;
                try {
                    Frame frame = grabber.grabImage();
                    if (frame == null) {
                        return null;
                    }
                    // The grabber reuses its frame buffer: read it from the start, without moving its position.
                    ByteBuffer buffer = ((ByteBuffer) frame.image[0]).duplicate();
                    buffer.rewind();
                    byte[] data = new byte[frame.imageStride * frame.imageHeight];
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
