package io.vexpress.core.render;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Three float planes (R, G, B) in [0, 1], {@code planeStride} values apart, each {@code [height, width]}
 * row-major: CHW for one image ({@code planeStride = height * width}) or one frame of the keypoint guider's
 * {@code [3, frames, height, width]} input ({@code planeStride = frames * height * width}). Writes either a
 * float array or a float buffer (absolute indices; its position is left alone).
 */
final class FloatPlaneCanvas extends Canvas {
    private static final float[] UNIT = new float[256];
    private static final float[] ZEROS = new float[4096];

    static {
        for (int i = 0; i < 256; i++) {
            // VaeImageProcessor: np.array(image).astype(np.float32) / 255.0, a float32 division.
            UNIT[i] = i / 255f;
        }
    }

    private final float[] array;
    private final FloatBuffer buffer;
    private final int offset;
    private final int planeStride;

    private FloatPlaneCanvas(float[] array, FloatBuffer buffer, int offset, int planeStride, int width, int height) {
        super(width, height);
        this.array = array;
        this.buffer = buffer;
        this.offset = offset;
        this.planeStride = planeStride;
    }

    FloatPlaneCanvas(float[] array, int offset, int planeStride, int width, int height) {
        this(array, null, offset, planeStride, width, height);
    }

    FloatPlaneCanvas(FloatBuffer buffer, int offset, int planeStride, int width, int height) {
        this(null, buffer, offset, planeStride, width, height);
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
            int end = row + c * planeStride + to + 1;
            if (array != null) {
                Arrays.fill(array, start, end, v);
            } else {
                for (int i = start; i < end; i++) {
                    buffer.put(i, v);
                }
            }
        }
    }

    @Override
    void clear() {
        int plane = width() * height();
        for (int c = 0; c < 3; c++) {
            int start = offset + c * planeStride;
            if (array != null) {
                Arrays.fill(array, start, start + plane, 0f);
            } else {
                for (int at = start; at < start + plane; at += ZEROS.length) {
                    buffer.put(at, ZEROS, 0, Math.min(ZEROS.length, start + plane - at));
                }
            }
        }
    }
}
