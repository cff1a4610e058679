package io.vexpress.core.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A dense, row-major (C-contiguous) float32 tensor stored in a direct, native-order {@link FloatBuffer}.
 *
 * <p>The buffer can be handed to ONNX Runtime as is ({@code OnnxTensor.createTensor(env, t.buffer(),
 * t.longShape())}) and ONNX Runtime can write outputs into it, so model inputs and outputs need no
 * copies. Element access uses absolute indices and never moves the buffer's position.
 *
 * <p>Video latents use the layout {@code [B, C, T, H, W]}: for each (batch, channel) "plane" the frames
 * follow each other, and one frame of one plane is a contiguous run of {@code H*W} floats. The frame-axis
 * helpers ({@link #gatherFrames}, {@link #frameOffset}) work on that layout.
 *
 * <p>Not thread-safe for concurrent writes; the shape is fixed for the tensor's life.
 */
public final class FloatTensor {
    private final int[] shape;
    private final int size;
    private final FloatBuffer data;

    private FloatTensor(int[] shape, FloatBuffer data) {
        this.shape = shape;
        this.size = checkedSize(shape);
        if (data.capacity() < size) {
            throw new IllegalArgumentException("Buffer holds " + data.capacity() + " floats, shape "
                    + Arrays.toString(shape) + " needs " + size);
        }
        this.data = data;
    }

    /** A new zero-filled tensor in a fresh direct native-order buffer. */
    public static FloatTensor zeros(int... shape) {
        int[] s = shape.clone();
        int n = checkedSize(s);
        FloatBuffer buffer = ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new FloatTensor(s, buffer);
    }

    /** A new tensor holding a copy of {@code values} (row-major), e.g. for tests and constants. */
    public static FloatTensor of(float[] values, int... shape) {
        FloatTensor t = zeros(shape);
        if (values.length != t.size) {
            throw new IllegalArgumentException(values.length + " values for shape " + Arrays.toString(shape));
        }
        t.data.put(0, values);
        return t;
    }

    /**
     * Views an existing buffer (for example an ONNX Runtime output) as a tensor without copying. The buffer's
     * element 0 (absolute index 0, whatever its position) is the tensor's first element.
     */
    public static FloatTensor wrap(FloatBuffer buffer, int... shape) {
        return new FloatTensor(shape.clone(), buffer.duplicate().clear());
    }

    private static int checkedSize(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Tensor too large: " + Arrays.toString(shape));
            }
        }
        return (int) n;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** The shape as ONNX Runtime wants it. */
    public long[] longShape() {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape[i];
        }
        return s;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Whether this tensor has exactly the given shape. */
    public boolean hasShape(int... expected) {
        return Arrays.equals(shape, expected);
    }

    /**
     * The backing storage as a new buffer view with position 0 and limit {@link #size()}; writes through it
     * change this tensor. Pass it to ONNX Runtime.
     */
    public FloatBuffer buffer() {
        return data.duplicate().position(0).limit(size);
    }

    public float get(int index) {
        return data.get(index);
    }

    public void set(int index, float value) {
        data.put(index, value);
    }

    /** Sets every element to {@code value}. */
    public void fill(float value) {
        for (int i = 0; i < size; i++) {
            data.put(i, value);
        }
    }

    /** Copies all elements of {@code source}, which must have the same number of elements. */
    public void copyFrom(FloatTensor source) {
        if (source.size != size) {
            throw new IllegalArgumentException("Cannot copy " + Arrays.toString(source.shape) + " into "
                    + Arrays.toString(shape));
        }
        data.put(0, source.data, 0, size);
    }

    /** Copies {@code length} elements from {@code source[sourceIndex..]} to {@code this[targetIndex..]}. */
    public void copyRange(FloatTensor source, int sourceIndex, int targetIndex, int length) {
        data.put(targetIndex, source.data, sourceIndex, length);
    }

    /** The elements as a new array (row-major). */
    public float[] toArray() {
        float[] out = new float[size];
        data.get(0, out);
        return out;
    }

    /** Writes {@code values} starting at element {@code index}. */
    public void put(int index, float[] values) {
        data.put(index, values);
    }

    /**
     * Reads elements {@code [index, index+length)} into {@code target[offset..]}. Kernels copy small chunks into
     * heap arrays this way because the JIT vectorises loops over arrays but not over direct buffers.
     */
    public void get(int index, float[] target, int offset, int length) {
        data.get(index, target, offset, length);
    }

    /** Writes {@code values[offset .. offset+length)} starting at element {@code index}. */
    public void put(int index, float[] values, int offset, int length) {
        data.put(index, values, offset, length);
    }

    /**
     * A view of batch entry {@code b} (shape {@code [1, ...rest]}) sharing this tensor's storage: e.g. the
     * unconditional ({@code 0}) or conditional ({@code 1}) half of a doubled prediction, handed to ONNX Runtime or
     * read without copying.
     */
    public FloatTensor batch(int b) {
        if (shape.length == 0 || b < 0 || b >= shape[0]) {
            throw new IndexOutOfBoundsException("Batch " + b + " of " + this);
        }
        int[] s = shape.clone();
        s[0] = 1;
        int n = size / shape[0];
        return new FloatTensor(s, data.slice(b * n, n));
    }

    // ---- [B, C, T, H, W] frame-axis helpers -------------------------------------------------------

    /** Number of frames (axis 2) of a rank-5 {@code [B, C, T, H, W]} tensor. */
    public int frames() {
        requireVideo();
        return shape[2];
    }

    /** Number of (batch, channel) planes, {@code B*C}, of a rank-5 tensor. */
    public int planes() {
        requireVideo();
        return shape[0] * shape[1];
    }

    /** Floats in one frame of one plane, {@code H*W}, of a rank-5 tensor. */
    public int frameArea() {
        requireVideo();
        return shape[3] * shape[4];
    }

    /** Index of element {@code [plane / C, plane % C, frame, 0, 0]}; {@link #frameArea()} floats follow contiguously. */
    public int frameOffset(int plane, int frame) {
        return (plane * shape[2] + frame) * shape[3] * shape[4];
    }

    /**
     * Copies the frames {@code frameIndices} of {@code video} ({@code [B, C, T, H, W]}) into {@code window}
     * ({@code [B, C, frameIndices.length, H, W]}), in that order; indices may repeat.
     */
    public static void gatherFrames(FloatTensor video, int[] frameIndices, FloatTensor window) {
        checkWindow(video, frameIndices, window);
        int planes = video.planes();
        int area = video.frameArea();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < frameIndices.length; i++) {
                window.data.put(window.frameOffset(p, i), video.data, video.frameOffset(p, frameIndices[i]), area);
            }
        }
    }

    /**
     * Copies window frame {@code i} of {@code window} back to frame {@code frameIndices[i]} of {@code video},
     * for every i in order (a repeated index ends with the last copy).
     */
    public static void scatterFrames(FloatTensor window, int[] frameIndices, FloatTensor video) {
        checkWindow(video, frameIndices, window);
        int planes = video.planes();
        int area = video.frameArea();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < frameIndices.length; i++) {
                video.data.put(video.frameOffset(p, frameIndices[i]), window.data, window.frameOffset(p, i), area);
            }
        }
    }

    private static void checkWindow(FloatTensor video, int[] frameIndices, FloatTensor window) {
        if (video.rank() != 5 || window.rank() != 5 || video.shape[0] != window.shape[0]
                || video.shape[1] != window.shape[1] || video.shape[3] != window.shape[3]
                || video.shape[4] != window.shape[4] || window.shape[2] != frameIndices.length) {
            throw new IllegalArgumentException("Window " + Arrays.toString(window.shape) + " does not fit video "
                    + Arrays.toString(video.shape) + " with " + frameIndices.length + " frame indices");
        }
        for (int f : frameIndices) {
            if (f < 0 || f >= video.shape[2]) {
                throw new IndexOutOfBoundsException("Frame " + f + " outside video of " + video.shape[2] + " frames");
            }
        }
    }

    private void requireVideo() {
        if (shape.length != 5) {
            throw new IllegalStateException("Expected a [B, C, T, H, W] tensor, got shape " + Arrays.toString(shape));
        }
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
