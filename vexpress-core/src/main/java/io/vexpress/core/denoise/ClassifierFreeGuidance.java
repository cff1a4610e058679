package io.vexpress.core.denoise;

import io.vexpress.core.tensor.FloatTensor;

/**
 * Classifier-free guidance: {@code uncond + scale * (cond - uncond)}, in float32 and in the same operation
 * order as torch (subtract, multiply, add; each rounded to float), so results match the reference bit for bit.
 */
public final class ClassifierFreeGuidance {
    private ClassifierFreeGuidance() {
    }

    /** Whether a guidance scale turns guidance on (the doubled batch): {@code scale > 1}, as in V-Express. */
    public static boolean isGuided(double scale) {
        return scale > 1.0;
    }

    /**
     * Combines a doubled prediction {@code [2, ...]} (unconditional batch 0, conditional batch 1) in place: batch 0
     * receives the guided prediction, batch 1 is left as it was.
     */
    public static void combineInPlace(FloatTensor prediction, float scale) {
        if (prediction.rank() < 1 || prediction.dim(0) != 2) {
            throw new IllegalArgumentException("Guidance needs a doubled batch [2, ...], got " + prediction);
        }
        int half = prediction.size() / 2;
        FloatTensor b = prediction;
        for (int i = 0; i < half; i++) {
            float u = b.get(i);
            float c = b.get(half + i);
            b.set(i, u + scale * (c - u));
        }
    }
}
