package io.vexpress.core.render;

/**
 * Where the rasteriser writes: horizontal spans of one colour, clipped to the image here so that a span may
 * reach outside it.
 */
abstract class Canvas {
    private final int width;
    private final int height;

    Canvas(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Width in pixels. */
    final int width() {
        return width;
    }

    /** Height in pixels. */
    final int height() {
        return height;
    }

    /** Fills pixels {@code x1..x2} (inclusive) of row {@code y} with {@code 0xRRGGBB}; parts outside are dropped. */
    final void fillSpan(int y, int x1, int x2, int rgb) {
        if (y < 0 || y >= height) {
            return;
        }
        int from = Math.max(x1, 0);
        int to = Math.min(x2, width - 1);
        if (from <= to) {
            fillInside(y, from, to, rgb);
        }
    }

    /** Fills pixels {@code from..to} of row {@code y}, all inside the image. */
    abstract void fillInside(int y, int from, int to, int rgb);

    /** Sets every pixel to black. */
    abstract void clear();
}
