package io.vexpress.core.render;

import java.util.Arrays;

/**
 * Three float planes (R, G, B) in [0, 1], {@code planeStride} values apart, each {@code [height, width]}
 * row-major in a float array: CHW for one image when {@code planeStride = height * width}.
 */
final class FloatPlaneCanvas extends Canvas {
    private static final float[] UNIT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            // VaeImageProcessor: np.array(image).astype(np.float32) / 255.0, a float32 division.
            UNIT[i] = i / 255f;
        }
    }

    private final float[] array;
    private final int offset;
    private final int planeStride;

    FloatPlaneCanvas(float[] array, int offset, int planeStride, int width, int height) {
        super(width, height);
        this.array = array;
        this.offset = offset;
        this.planeStride = planeStride;
    }

    /** The [0, 1] value of an 8-bit channel, as the reference computes it. */
    static float unit(int channel) {
        return UNIT[channel & 0xFF];
    }

    @Override
    void fillInside(int y, int from, int to, int color) {
        int row = offset + y * width();
        for (int c = 0; c < 3; c++) {
            float v = UNIT[(color >>> (16 - 8 * c)) & 0xFF];
            int start = row + c * planeStride + from;
            Arrays.fill(array, start, row + c * planeStride + to + 1, v);
        }
    }

    @Override
    void clear() {
        int plane = width() * height();
        for (int c = 0; c < 3; c++) {
            int start = offset + c * planeStride;
            Arrays.fill(array, start, start + plane, 0f);
        }
    }
}
