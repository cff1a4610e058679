package io.vexpress.core.scheduler;

/** How the training betas are laid out over the training timesteps (diffusers' {@code beta_schedule}). */
public enum BetaSchedule {
    /** {@code linspace(beta_start, beta_end)} in float32. */
    LINEAR,
    /** {@code linspace(sqrt(beta_start), sqrt(beta_end)) ** 2} in float32: Stable Diffusion's and V-Express's. */
    SCALED_LINEAR,
    /** The cosine schedule of improved DDPM ({@code betas_for_alpha_bar}, max beta 0.999). */
    SQUAREDCOS_CAP_V2
}
