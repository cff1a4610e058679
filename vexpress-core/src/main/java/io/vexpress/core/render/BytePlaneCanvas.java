package io.vexpress.core.render;

import java.util.Arrays;

/**
 * One image as three 8-bit planes (R, G, B), each {@code [height, width]} row-major, in a heap array, remembering
 * the rectangle it has drawn into since it was last cleared. {@link #clear} blackens only that rectangle: a V-Kps
 * image is black but for a face-sized patch, so drawing a face and clearing it again costs that patch, not the
 * image (as long as nothing else writes the array).
 */
final class BytePlaneCanvas extends Canvas {
    private final byte[] planes;
    private int top;
    private int bottom = -1;
    private int left;
    private int right = -1;

    BytePlaneCanvas(int width, int height) {
        super(width, height);
        this.planes = new byte[Math.multiplyExact(3 * width, height)];
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
        int plane = width() * height();
        int at = y * width() + from;
        if (from == to) { // most spans are single pixels of the polygons' outlines
            planes[at] = (byte) (color >>> 16);
            planes[plane + at] = (byte) (color >>> 8);
            planes[2 * plane + at] = (byte) color;
            return;
        }
        int end = y * width() + to + 1;
        Arrays.fill(planes, at, end, (byte) (color >>> 16));
        Arrays.fill(planes, plane + at, plane + end, (byte) (color >>> 8));
        Arrays.fill(planes, 2 * plane + at, 2 * plane + end, (byte) color);
    }

    @Override
    void clear() {
        int plane = width() * height();
        for (int y = top; y <= bottom; y++) {
            int at = y * width() + left;
            int end = y * width() + right + 1;
            for (int c = 0; c < 3; c++) {
                Arrays.fill(planes, c * plane + at, c * plane + end, (byte) 0);
            }
        }
        top = 0;
        bottom = -1;
        left = 0;
        right = -1;
    }

    /** The planes, {@code [3, height, width]}. */
    byte[] planes() {
        return planes;
    }

    /** Whether nothing has been drawn since the last {@link #clear}. */
    boolean blank() {
        return bottom < top;
    }

    int top() {
        return top;
    }

    int bottom() {
        return bottom;
    }

    int left() {
        return left;
    }

    int right() {
        return right;
    }
}
