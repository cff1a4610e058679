package io.vexpress.core.conditioning;

import io.vexpress.InvalidInputException;

/**
 * wav2vec2's input normalisation ({@code Wav2Vec2FeatureExtractor} with {@code do_normalize=True}):
 * {@code (x - mean) / sqrt(var + 1e-7)} over the whole clip, with the population variance. Sums are
 * accumulated in double, so results agree with the reference's float32 numpy arithmetic to about 1e-6.
 */
public final class WaveformNormalizer {
    private static final double EPSILON = 1e-7;

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
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += src[srcOffset + i];
        }
        double mean = sum / length;
        double squares = 0;
        for (int i = 0; i < length; i++) {
            double d = src[srcOffset + i] - mean;
            squares += d * d;
        }
        double std = Math.sqrt(squares / length + EPSILON);
        if (!Double.isFinite(mean) || !Double.isFinite(std)) {
            throw new InvalidInputException("Audio samples must be finite numbers; the waveform holds NaN or infinity.");
        }
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = (float) ((src[srcOffset + i] - mean) / std);
        }
    }
}
