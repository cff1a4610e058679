package io.vexpress.media.kps;

/** Copies strided (torch) and column-major (numpy Fortran order) arrays into row-major order. */
final class StridedCopy {
    private StridedCopy() {
    }

    /** The row-major values of a tensor view {@code (offset, shape, stride)} into {@code storage}; bounds checked by the caller. */
    static float[] gather(float[] storage, long offset, long[] shape, long[] stride) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        float[] out = new float[(int) count];
        long[] index = new long[shape.length];
        for (int i = 0; i < out.length; i++) {
            long at = offset;
            for (int d = 0; d < shape.length; d++) {
                at += index[d] * stride[d];
            }
            out[i] = storage[(int) at];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    break;
                }
                index[d] = 0;
            }
        }
        return out;
    }

    /** Row-major values of a column-major (Fortran order) array of {@code shape}. */
    static float[] fromColumnMajor(float[] columnMajor, long[] shape) {
        long[] stride = new long[shape.length];
        long s = 1;
        for (int d = 0; d < shape.length; d++) {
            stride[d] = s;
            s *= shape[d];
        }
        return gather(columnMajor, 0, shape, stride);
    }
}
