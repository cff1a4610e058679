package io.vexpress.core.scheduler;

/**
 * What the schedulers of this package share: a fixed list of integer timesteps and unit initial noise (both
 * DDIM and DPM-Solver++ start from {@code N(0, 1)} latents).
 */
abstract class TimestepScheduler implements DiffusionScheduler {
    private final int[] timesteps;

    TimestepScheduler(int[] timesteps) {
        this.timesteps = timesteps;
    }

    @Override
    public final int steps() {
        return timesteps.length;
    }

    @Override
    public final int timestep(int stepIndex) {
        return timesteps[stepIndex];
    }

    @Override
    public final int[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public final float initNoiseSigma() {
        return 1.0f;
    }
}
