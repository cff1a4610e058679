package io.vexpress;

/** The sampler that runs the denoising loop. */
public enum SchedulerType {
    /** DDIM with V-Express's zero-terminal-SNR v-prediction configuration (default, reference-exact). */
    DDIM,
    /**
     * DPM-Solver++ (2M) with the same configuration: fewer steps for similar quality. Its quality against
     * DDIM on the real model has not been measured yet, so it is an option, not a default.
     */
    DPM_SOLVER_MULTISTEP
}
