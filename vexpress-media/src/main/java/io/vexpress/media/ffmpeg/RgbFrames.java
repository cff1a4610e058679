package io.vexpress.media.ffmpeg;

import io.vexpress.media.RgbImage;
import java.nio.ByteBuffer;
import org.bytedeco.javacv.Frame;

/** Copies JavaCV RGB24 frames into {@link RgbImage}s (internal to vexpress-media's codecs). */
public final class RgbFrames {
    private RgbFrames() {
    }

    /** Copies an RGB24 frame row by row: FFmpeg pads each row to its alignment ({@code imageStride}). */
    public static RgbImage toRgbImage(Frame frame) {
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            buf.get(y * frame.imageStride, rgb, y * w * 3, w * 3);
        }
        return RgbImage.of(w, h, rgb);
    }
}
