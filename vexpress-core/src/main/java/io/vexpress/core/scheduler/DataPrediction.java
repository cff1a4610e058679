package io.vexpress.core.scheduler;

/**
 * The model's estimate of the clean sample x0 from the noisy sample x and the model output, for a noise level
 * written as {@code x = alpha * x0 + sigma * eps} (DDIM: {@code alpha = sqrt(alpha_bar)},
 * {@code sigma = sqrt(1 - alpha_bar)}; DPM-Solver++: its {@code alpha_t, sigma_t}). Same float operation order as
 * diffusers; branch-free loops over arrays so the JIT vectorises them.
 */
final class DataPrediction {
    private DataPrediction() {
    }

    /** Writes x0 for {@code n} elements of {@code sample} and {@code output} into {@code x0}. */
    static void compute(PredictionType type, float alpha, float sigma, float[] sample, float[] output, float[] x0,
                        int n) {
        switch (type) {
            case V_PREDICTION -> {
                for (int k = 0; k < n; k++) {
                    x0[k] = alpha * sample[k] - sigma * output[k];
                }
            }
            case EPSILON -> {
                for (int k = 0; k < n; k++) {
                    x0[k] = (sample[k] - sigma * output[k]) / alpha;
                }
            }
            case SAMPLE -> System.arraycopy(output, 0, x0, 0, n);
        }
    }
}
