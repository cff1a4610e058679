package io.vexpress.core.render;

import java.nio.ByteBuffer;

/**
 * Three 8-bit planes (R, G, B), {@code planeStride} bytes apart, each {@code [height, width]} row-major, in a
 * buffer (absolute indices): one frame of a window's {@code [3, frames, height, width]} V-Kps input. It remembers
 * the rectangle it has drawn into since it was last cleared, and {@link #clear} blackens only that rectangle:
 * a V-Kps image is black but for a face-sized patch, so redrawing a frame costs that patch, not the image.
 * That holds as long as nothing else writes this frame's pixels.
 */
final class BytePlaneCanvas extends Canvas {
    private static final byte[] ZEROS = new byte[4096];

    private final ByteBuffer buffer;
    private final int offset;
    private final int planeStride;
    private int top;
    private int bottom = -1;
    private int left;
    private int right = -1;

    BytePlaneCanvas(ByteBuffer buffer, int offset, int planeStride, int width, int height) {
        super(width, height);
        this.buffer = buffer;
        this.offset = offset;
        this.planeStride = planeStride;
    }

    @Override
    void fillInside(int y, int from, int to, int color) {
        if (bottom < top) {
            top = y;
            bottom = y;
            left = from;
            right = to;
        } else {
            top = Math.min(top, y);
            bottom = Math.max(bottom, y);
            left = Math.min(left, from);
            right = Math.max(right, to);
        }
        int row = offset + y * width();
        for (int c = 0; c < 3; c++) {
            byte v = (byte) (color >>> (16 - 8 * c));
            int start = row + c * planeStride;
            for (int i = start + from, end = start + to; i <= end; i++) {
                buffer.put(i, v);
            }
        }
    }

    @Override
    void clear() {
        int n = right - left + 1;
        for (int y = top; y <= bottom; y++) {
            int row = offset + y * width() + left;
            for (int c = 0; c < 3; c++) {
                for (int at = row + c * planeStride, end = at + n; at < end; at += ZEROS.length) {
                    buffer.put(at, ZEROS, 0, Math.min(ZEROS.length, end - at));
                }
            }
        }
        top = 0;
        bottom = -1;
        left = 0;
        right = -1;
    }
}
