package io.vexpress;

/**
 * Attention weights per denoising step, an option V-Express itself does not have: for example a strong
 * audio weight in early steps for lip motion and a weaker one late to reduce mouth artefacts.
 * Without a schedule the request's constant weights are used, which reproduces V-Express exactly.
 */
@FunctionalInterface
public interface AttentionSchedule {

    /**
     * @param step 0-based denoising step
     * @param steps number of steps
     * @return the weights for that step
     */
    AttentionWeights weightsAt(int step, int steps);

    /** The same weights at every step. */
    static AttentionSchedule constant(AttentionWeights weights) {
        return (step, steps) -> weights;
    }

    /** Linear interpolation from {@code first} at step 0 to {@code last} at the final step. */
    static AttentionSchedule linear(AttentionWeights first, AttentionWeights last) {
        return (step, steps) -> {
            double t = steps <= 1 ? 0 : (double) step / (steps - 1);
            return new AttentionWeights(first.reference() + t * (last.reference() - first.reference()),
                    first.audio() + t * (last.audio() - first.audio()));
        };
    }
}
