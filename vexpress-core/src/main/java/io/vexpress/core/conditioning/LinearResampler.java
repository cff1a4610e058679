package io.vexpress.core.conditioning;

import io.vexpress.InvalidInputException;

/**
 * Resamples a row-major {@code [length, channels]} signal along its first axis exactly as
 * {@code torch.nn.functional.interpolate(x.permute(...), size=outLength, mode='linear')} does in float32
 * ({@code align_corners=False}): source position {@code scale * (i + 0.5) - 0.5} with
 * {@code scale = inLength / outLength} (a float), clamped at 0; the two neighbouring rows are mixed with
 * float weights {@code w0 = 1 - w1} as {@code fma(t0, w0, t1 * w1)}. The last bits depend on the torch
 * version, see {@link Arithmetic}; the default is torch 2's, the one V-Express pins (2.0.1).
 *
 * <p>The index and weight tables are built once, so single output rows can be produced on demand
 * (see {@link #resampleRow}); that keeps long audio from ever needing the whole resampled array.
 * Instances are immutable and thread-safe.
 */
public final class LinearResampler {
    /** Which torch's rounding to reproduce. */
    public enum Arithmetic {
        /**
         * torch 2.x (CPU and CUDA, verified against 2.11): the source position is one fused multiply-add in
         * float, {@code fma(scale, i + 0.5f, -0.5f)}, and the weight {@code src - floor(src)} is a float.
         */
        TORCH_2,
        /** torch 1.13 (CPU): the source position and the weight are computed in double, then rounded. */
        TORCH_1_13
    }

    private final int inLength;
    private final int outLength;
    private final int[] index0;
    private final int[] index1;
    private final float[] weight0;
    private final float[] weight1;

    /**
     * @param inLength rows of the input, at least 1
     * @param outLength rows of the output, at least 1
     */
    public LinearResampler(int inLength, int outLength) {
        this(inLength, outLength, Arithmetic.TORCH_2);
    }

    /**
     * @param inLength rows of the input, at least 1
     * @param outLength rows of the output, at least 1
     * @param arithmetic the torch version whose rounding to reproduce
     */
    public LinearResampler(int inLength, int outLength, Arithmetic arithmetic) {
        if (inLength < 1 || outLength < 1) {
            throw new InvalidInputException("Linear resampling needs at least one input and one output row, got "
                    + inLength + " -> " + outLength + ".");
        }
        if (arithmetic == null) {
            throw new InvalidInputException("No interpolation arithmetic given; use TORCH_2 (V-Express's torch 2.0.1).");
        }
        this.inLength = inLength;
        this.outLength = outLength;
        index0 = new int[outLength];
        index1 = new int[outLength];
        weight0 = new float[outLength];
        weight1 = new float[outLength];
        // torch: area_pixel_compute_scale<float> divides in float.
        float scale = (float) inLength / (float) outLength;
        for (int i = 0; i < outLength; i++) {
            if (inLength == outLength) {
                index0[i] = i;
                index1[i] = i;
                weight0[i] = 1f;
                weight1[i] = 0f;
                continue;
            }
            int i0;
            float w1;
            if (arithmetic == Arithmetic.TORCH_1_13) {
                double src = Math.max(scale * (i + 0.5) - 0.5, 0.0);
                i0 = (int) src;
                w1 = (float) Math.min(Math.max(src - i0, 0.0), 1.0);
            } else {
                float src = Math.max(Math.fma(scale, i + 0.5f, -0.5f), 0f);
                i0 = (int) src;
                w1 = Math.min(Math.max(src - i0, 0f), 1f);
            }
            int i1 = i0 < inLength - 1 ? i0 + 1 : i0;
            index0[i] = i0;
            index1[i] = i1;
            weight1[i] = w1;
            weight0[i] = 1f - w1;
        }
    }

    public int inLength() {
        return inLength;
    }

    public int outLength() {
        return outLength;
    }

    /**
     * Writes output row {@code outRow} ({@code channels} values) to {@code dst[dstOffset..]}.
     *
     * @param src the input, row-major {@code [inLength, channels]} starting at {@code srcOffset}
     */
    public void resampleRow(float[] src, int srcOffset, int channels, int outRow, float[] dst, int dstOffset) {
        int a = srcOffset + index0[outRow] * channels;
        int b = srcOffset + index1[outRow] * channels;
        float w0 = weight0[outRow];
        float w1 = weight1[outRow];
        for (int c = 0; c < channels; c++) {
            dst[dstOffset + c] = mix(src[a + c], w0, src[b + c], w1);
        }
    }

    /** The whole output, row-major {@code [outLength, channels]}. */
    public float[] resample(float[] src, int channels) {
        if (src.length != inLength * channels) {
            throw new InvalidInputException("Expected " + inLength + " x " + channels + " values, got " + src.length + ".");
        }
        float[] out = new float[outLength * channels];
        for (int r = 0; r < outLength; r++) {
            resampleRow(src, 0, channels, r, out, r * channels);
        }
        return out;
    }

    /** torch's kernel {@code t0 * w0 + t1 * w1}, which its builds contract to one fused multiply-add. */
    private static float mix(float t0, float w0, float t1, float w1) {
        return Math.fma(t0, w0, t1 * w1);
    }
}
