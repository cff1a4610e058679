package io.vexpress.core.render;

import java.util.Arrays;

/** Interleaved 8-bit RGB rows ({@code [height, width, 3]}) in a byte array. */
final class ByteRgbCanvas extends Canvas {
    private final byte[] rgb;
    private final int offset;

    ByteRgbCanvas(byte[] rgb, int offset, int width, int height) {
        super(width, height);
        this.rgb = rgb;
        this.offset = offset;
    }

    @Override
    void fillInside(int y, int from, int to, int color) {
        byte r = (byte) (color >>> 16);
        byte g = (byte) (color >>> 8);
        byte b = (byte) color;
        int at = offset + (y * width() + from) * 3;
        for (int x = from; x <= to; x++) {
            rgb[at++] = r;
            rgb[at++] = g;
            rgb[at++] = b;
        }
    }

    @Override
    void clear() {
        Arrays.fill(rgb, offset, offset + width() * height() * 3, (byte) 0);
    }
}
