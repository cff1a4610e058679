package io.vexpress.core.scheduler;

/** How inference timesteps are picked among the training timesteps (diffusers' {@code timestep_spacing}). */
public enum TimestepSpacing {
    /** Evenly spaced from 0 with an integer stride, plus {@code steps_offset}. */
    LEADING,
    /** Evenly spaced down from the last training timestep: V-Express (starts at 999 with zero terminal SNR). */
    TRAILING,
    /** {@code round(linspace(0, T - 1, steps))}, reversed. */
    LINSPACE
}
