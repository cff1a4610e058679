/**
 * Diffusion schedulers, configured like diffusers' (beta schedules, prediction types, zero-terminal-SNR
 * rescaling, timestep spacings) and stepping video latents frame by frame: DDIM (V-Express's sampler, with a
 * preset reproducing its configuration) and DPM-Solver++ 2M.
 */
package io.vexpress.core.scheduler;
