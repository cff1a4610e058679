package io.vexpress.core.conditioning;

import io.vexpress.InvalidInputException;

/**
 * wav2vec2's input normalisation ({@code Wav2Vec2FeatureExtractor} with {@code do_normalize=True}):
 * {@code (x - mean) / sqrt(var + 1e-7)} over the whole clip, with the population variance.
 *
 * <p>Reproduces the reference's numpy float32 arithmetic bit for bit: sums run over numpy's 8192-element
 * buffers, each summed pairwise (blocks of 128 with eight float accumulators); {@code x.mean()} divides the float sum in double and
 * rounds, {@code x.var()} divides its mean in float, and {@code var + 1e-7} and the square root are
 * double (numpy 1.x scalar rules) before the float32 division.
 */
public final class WaveformNormalizer {
    private static final double EPSILON = 1e-7;
    private static final int PAIRWISE_BLOCK = 128;
    /** numpy's default ufunc buffer size: a reduction adds one pairwise sum per buffer. */
    private static final int NUMPY_BUFFER = 8192;

    private WaveformNormalizer() {
    }

    /** A normalised copy of {@code samples}. */
    public static float[] normalize(float[] samples) {
        if (samples == null) {
            throw new InvalidInputException("No audio samples to normalise.");
        }
        float[] out = new float[samples.length];
        normalize(samples, 0, samples.length, out, 0);
        return out;
    }

    /**
     * Normalises {@code length} samples from {@code src[srcOffset..]} into {@code dst[dstOffset..]}
     * ({@code dst} may be {@code src} for in-place normalisation).
     */
    public static void normalize(float[] src, int srcOffset, int length, float[] dst, int dstOffset) {
        if (length < 1) {
            throw new InvalidInputException("Audio is empty; give at least one sample.");
        }
        float sum = reduceSum(src, srcOffset, length, 0f, false);
        if (!Float.isFinite(sum)) {
            throw new InvalidInputException("Audio samples must be finite numbers; the waveform holds NaN or infinity.");
        }
        float mean = (float) ((double) sum / length); // x.mean(): float32 scalar / intp -> float64, cast back
        float arrayMean = sum / (float) length; // inside x.var(): float32 array / intp stays float32
        float squares = reduceSum(src, srcOffset, length, arrayMean, true);
        float variance = (float) ((double) squares / length);
        float std = (float) Math.sqrt((double) variance + EPSILON); // float64 scalar, cast for the float32 division
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = (src[srcOffset + i] - mean) / std;
        }
    }

    /** {@code np.add.reduce} of {@code a[off..off+n)} in float32 (squares of {@code a - centre} if asked). */
    private static float reduceSum(float[] a, int off, int n, float centre, boolean squares) {
        float total = 0f;
        for (int start = 0; start < n; start += NUMPY_BUFFER) {
            total += sum(a, off + start, Math.min(NUMPY_BUFFER, n - start), centre, squares);
        }
        return total;
    }

    /** numpy's float32 {@code pairwise_sum}. */
    private static float sum(float[] a, int off, int n, float centre, boolean squares) {
        if (n < 8) {
            float res = 0f;
            for (int i = 0; i < n; i++) {
                res += term(a[off + i], centre, squares);
            }
            return res;
        } else if (n <= PAIRWISE_BLOCK) {
            float[] r = new float[8];
            for (int j = 0; j < 8; j++) {
                r[j] = term(a[off + j], centre, squares);
            }
            int i = 8;
            for (; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += term(a[off + i + j], centre, squares);
                }
            }
            float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += term(a[off + i], centre, squares);
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return sum(a, off, n2, centre, squares) + sum(a, off + n2, n - n2, centre, squares);
        }
    }

    private static float term(float x, float centre, boolean squares) {
        if (!squares) {
            return x;
        }
        float d = x - centre;
        return d * d;
    }
}
