package io.vexpress.core.denoise;

import io.vexpress.core.tensor.FloatTensor;

/**
 * Classifier-free guidance: {@code uncond + scale * (cond - uncond)}, in float32 and in the same operation
 * order as torch (subtract, multiply, add; each rounded to float), so results match the reference bit for bit.
 *
 * <p>Holds small scratch arrays (the work runs in chunks over heap arrays, which the JIT vectorises), so one
 * instance per loop, not thread-safe.
 */
public final class ClassifierFreeGuidance {
    private static final int CHUNK = 1024;

    private final float scale;
    private final float[] uncond = new float[CHUNK];
    private final float[] cond = new float[CHUNK];

    /** @param scale the guidance scale (cast to float32, as torch casts the Python float) */
    public ClassifierFreeGuidance(double scale) {
        this.scale = (float) scale;
    }

    /** Whether a guidance scale turns guidance on (the doubled batch): {@code scale > 1}, as in V-Express. */
    public static boolean isGuided(double scale) {
        return scale > 1.0;
    }

    /**
     * Combines a doubled prediction {@code [2, ...]} (unconditional batch 0, conditional batch 1) in place: batch 0
     * receives the guided prediction, batch 1 is left as it was.
     */
    public void combineInPlace(FloatTensor prediction) {
        if (prediction.rank() < 1 || prediction.dim(0) != 2) {
            throw new IllegalArgumentException("Guidance needs a doubled batch [2, ...], got " + prediction);
        }
        int half = prediction.size() / 2;
        float g = scale;
        float[] u = uncond;
        float[] c = cond;
        for (int start = 0; start < half; start += CHUNK) {
            int n = Math.min(CHUNK, half - start);
            prediction.get(start, u, 0, n);
            prediction.get(half + start, c, 0, n);
            for (int i = 0; i < n; i++) {
                u[i] = u[i] + g * (c[i] - u[i]);
            }
            prediction.put(start, u, 0, n);
        }
    }
}
