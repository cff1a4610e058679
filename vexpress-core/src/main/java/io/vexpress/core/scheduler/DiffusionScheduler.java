package io.vexpress.core.scheduler;

import io.vexpress.core.tensor.FloatTensor;

/**
 * A sampler configured for a fixed number of inference steps, stepping video latents frame by frame.
 *
 * <p>V-Express steps each frame as soon as the last context window covering it has been denoised, so one
 * diffusion step is spread over many calls on different frames. State that multistep solvers carry from
 * one step to the next (DPM-Solver++'s previous data prediction) is therefore kept per frame, not per call:
 * call {@link #begin(FloatTensor)} once per generation, then for every step index in order call
 * {@link #stepFrame} exactly once on each frame. Frames are independent, so the order of frames within a
 * step does not matter.
 *
 * <p>Instances are not thread-safe.
 */
public interface DiffusionScheduler {

    /**
     * The scheduler of the given type with V-Express's configuration ({@link SchedulerConfig#VEXPRESS}):
     * {@link io.vexpress.SchedulerType#DDIM} reproduces the reference exactly; DPM-Solver++ 2M is the opt-in
     * alternative for fewer steps.
     */
    static DiffusionScheduler forVExpress(io.vexpress.SchedulerType type, int steps) {
        return switch (type) {
            case DDIM -> new DdimScheduler(SchedulerConfig.VEXPRESS, steps);
            case DPM_SOLVER_MULTISTEP -> new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, steps);
        };
    }

    /** Number of inference steps. */
    int steps();

    /** The integer training timestep fed to the model at step {@code stepIndex} (0-based). */
    int timestep(int stepIndex);

    /** All timesteps in sampling order (a copy). */
    int[] timesteps();

    /** Factor the initial Gaussian noise is multiplied with (1 for DDIM and DPM-Solver++). */
    float initNoiseSigma();

    /**
     * Whether {@link #stepFrame} needs fresh standard-normal noise (DDIM with eta &gt; 0). The caller then
     * draws it with the generator that made the initial latents, as diffusers does.
     */
    boolean needsVarianceNoise();

    /**
     * Prepares per-frame state for one generation on latents shaped like {@code latents}
     * ({@code [B, C, T, H, W]}); allocates what the steps will need, so stepping allocates nothing.
     */
    void begin(FloatTensor latents);

    /**
     * Advances frame {@code frame} of {@code sample} in place from step {@code stepIndex}'s timestep to the
     * next one, given the model's (guided, window-averaged) output for that frame.
     *
     * @param stepIndex 0-based step; each frame must see 0, 1, 2 ... in order
     * @param modelOutput model output, same shape as {@code sample}; frame {@code frame} is read
     * @param sample latents {@code [B, C, T, H, W]}; frame {@code frame} is overwritten
     * @param frame frame index in {@code modelOutput} and {@code sample}
     * @param varianceNoise standard-normal noise when {@link #needsVarianceNoise()}, else ignored (may be null)
     * @param noiseFrame frame of {@code varianceNoise} to use
     */
    void stepFrame(int stepIndex, FloatTensor modelOutput, FloatTensor sample, int frame,
                   FloatTensor varianceNoise, int noiseFrame);

    /** Steps every frame of {@code sample} (no variance noise: for eta = 0 and solvers without noise). */
    default void stepAll(int stepIndex, FloatTensor modelOutput, FloatTensor sample) {
        for (int f = 0, n = sample.frames(); f < n; f++) {
            stepFrame(stepIndex, modelOutput, sample, f, null, 0);
        }
    }
}
