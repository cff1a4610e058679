package io.vexpress.media.video;

import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;

/** Synthetic frames for the video tests: a moving bright square over a colour gradient, different every frame. */
final class TestVideos {
    private TestVideos() {
    }

    static RgbImage frame(int index, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        int sx = (index * 3) % Math.max(1, width - 8);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = (y * width + x) * 3;
                boolean square = x >= sx && x < sx + 8 && y >= height / 4 && y < height / 4 + 8;
                rgb[p] = (byte) (square ? 250 : x * 200 / width);
                rgb[p + 1] = (byte) (square ? 250 : y * 200 / height);
                rgb[p + 2] = (byte) (square ? 250 : (index * 10) % 200);
            }
        }
        return RgbImage.of(width, height, rgb);
    }

    static void writeAll(FrameSink sink, int frames, int width, int height) {
        for (int i = 0; i < frames; i++) {
            sink.write(frame(i, width, height));
        }
    }

    /** Mean absolute difference per channel value. */
    static double meanDifference(RgbImage a, RgbImage b) {
        byte[] x = a.toRgbBytes();
        byte[] y = b.toRgbBytes();
        long sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += Math.abs((x[i] & 0xFF) - (y[i] & 0xFF));
        }
        return (double) sum / x.length;
    }
}
