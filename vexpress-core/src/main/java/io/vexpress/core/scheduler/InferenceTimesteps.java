package io.vexpress.core.scheduler;

/**
 * The integer timesteps diffusers' schedulers pick for a number of inference steps, including numpy's own
 * float arithmetic ({@code np.arange} with a float step fills {@code start + i * delta} where
 * {@code delta = (start + step) - start}; {@code np.round} rounds half to even).
 *
 * <p>These lists are diffusers' exactly, flaws included: with trailing spacing and 62 of the step counts
 * 1..1000 (61, 103, 121, ...) numpy's {@code arange} yields one value too many and the list ends with an extra
 * timestep -1 (which diffusers then indexes as {@code alphas_cumprod[-1]}, the last training step). The
 * schedulers use {@link #forSteps} and run exactly the requested number of steps instead.
 */
public final class InferenceTimesteps {
    private InferenceTimesteps() {
    }

    /** {@code DDIMScheduler.set_timesteps(steps)}. */
    public static int[] ddim(SchedulerConfig config, int steps) {
        int train = config.trainTimesteps();
        checkSteps(train, steps);
        return switch (config.timestepSpacing()) {
            case LINSPACE -> reversedRounded(numpyLinspace(0, train - 1, steps), 0);
            case LEADING -> {
                int ratio = train / steps;
                int[] t = new int[steps];
                for (int i = 0; i < steps; i++) {
                    t[i] = (steps - 1 - i) * ratio + config.stepsOffset();
                }
                yield t;
            }
            case TRAILING -> trailing(train, steps);
        };
    }

    /**
     * {@code DPMSolverMultistepScheduler.set_timesteps(steps)} without Karras/exponential/beta sigmas and with
     * {@code lambda_min_clipped = -inf} (so the last usable timestep is {@code trainTimesteps}).
     */
    public static int[] dpmSolver(SchedulerConfig config, int steps) {
        int last = config.trainTimesteps();
        checkSteps(last, steps);
        return switch (config.timestepSpacing()) {
            case LINSPACE -> {
                int[] all = reversedRounded(numpyLinspace(0, last - 1, steps + 1), 0);
                int[] t = new int[steps];
                System.arraycopy(all, 0, t, 0, steps);
                yield t;
            }
            case LEADING -> {
                int ratio = last / (steps + 1);
                int[] t = new int[steps];
                for (int i = 0; i < steps; i++) {
                    t[i] = (steps - i) * ratio + config.stepsOffset();
                }
                yield t;
            }
            case TRAILING -> trailing(last, steps);
        };
    }

    /**
     * The first {@code steps} timesteps of a diffusers list: drops the spurious trailing -1 described in the
     * class comment, leaves every other list unchanged.
     */
    static int[] forSteps(int[] diffusersTimesteps, int steps) {
        if (diffusersTimesteps.length == steps) {
            return diffusersTimesteps;
        }
        int[] t = new int[steps];
        System.arraycopy(diffusersTimesteps, 0, t, 0, steps);
        return t;
    }

    private static void checkSteps(int train, int steps) {
        if (steps < 1 || steps > train) {
            throw new IllegalArgumentException("Inference steps must be between 1 and " + train + ", got " + steps);
        }
    }

    /** {@code np.round(np.arange(last, 0, -last / steps)).astype(int64) - 1}. */
    private static int[] trailing(int last, int steps) {
        double ratio = (double) last / steps;
        double[] values = numpyArange(last, 0, -ratio);
        int[] t = new int[values.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (int) Math.rint(values[i]) - 1;
        }
        return t;
    }

    /** numpy's {@code arange(start, stop, step)} for doubles, including its length and fill arithmetic. */
    static double[] numpyArange(double start, double stop, double step) {
        int length = (int) Math.max(0, Math.ceil((stop - start) / step));
        double[] out = new double[length];
        if (length == 0) {
            return out;
        }
        out[0] = start;
        if (length == 1) {
            return out;
        }
        out[1] = start + step;
        double delta = out[1] - start;
        for (int i = 2; i < length; i++) {
            out[i] = start + i * delta;
        }
        return out;
    }

    /** numpy's {@code linspace(start, stop, num)} with the endpoint. */
    static double[] numpyLinspace(double start, double stop, int num) {
        double[] out = new double[num];
        int div = num - 1;
        double delta = stop - start;
        if (div > 0) {
            double step = delta / div;
            for (int i = 0; i < num; i++) {
                out[i] = step == 0 ? i / (double) div * delta + start : i * step + start;
            }
            out[num - 1] = stop;
        } else {
            for (int i = 0; i < num; i++) {
                out[i] = i * delta + start;
            }
        }
        return out;
    }

    private static int[] reversedRounded(double[] values, int offset) {
        int n = values.length;
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = (int) Math.rint(values[n - 1 - i]) + offset;
        }
        return t;
    }
}
