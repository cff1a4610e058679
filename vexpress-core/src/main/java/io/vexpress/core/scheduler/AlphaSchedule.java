package io.vexpress.core.scheduler;

/**
 * The training noise schedule (betas and their cumulative alpha products) computed in float32 exactly as
 * diffusers computes it with torch on CPU.
 *
 * <p>Bit-exactness needs torch's own arithmetic, not just the formulas:
 * <ul>
 *   <li>{@code torch.linspace} in float32 computes {@code step = (end - start) / (n - 1)} in float; the first
 *       half of the points count up from {@code start}, the second half down from {@code end}. Its vectorised
 *       kernel fills blocks of 8: the block's first value with a fused multiply-add
 *       ({@code fma(step, idx, start)} or {@code fma(-step, n - 1 - idx, end)}), the other seven as
 *       {@code base + k * step} with two roundings; points past the last 16-aligned index come from the scalar
 *       path, again fused. (Compilers contract {@code a + b * c} into an FMA in torch's AVX2 build.)</li>
 *   <li>{@code torch.cumprod} on CPU accumulates in double and rounds each output to float.</li>
 *   <li>Everything else ({@code 1 - betas}, {@code sqrt}, {@code **2}, division) is one correctly rounded float
 *       operation per element.</li>
 * </ul>
 */
public final class AlphaSchedule {
    private final float[] betas;
    private final float[] alphasCumprod;

    private AlphaSchedule(float[] betas, float[] alphasCumprod) {
        this.betas = betas;
        this.alphasCumprod = alphasCumprod;
    }

    /** The schedule diffusers builds for {@code config} (before any scheduler-specific tail clamp). */
    public static AlphaSchedule of(SchedulerConfig config) {
        int n = config.trainTimesteps();
        float[] betas = switch (config.betaSchedule()) {
            case LINEAR -> torchLinspace((float) config.betaStart(), (float) config.betaEnd(), n);
            case SCALED_LINEAR -> {
                float[] b = torchLinspace((float) Math.sqrt(config.betaStart()), (float) Math.sqrt(config.betaEnd()), n);
                for (int i = 0; i < n; i++) {
                    b[i] = b[i] * b[i];
                }
                yield b;
            }
            case SQUAREDCOS_CAP_V2 -> cosineBetas(n);
        };
        if (config.rescaleBetasZeroSnr()) {
            betas = rescaleZeroTerminalSnr(betas);
        }
        float[] alphas = new float[n];
        for (int i = 0; i < n; i++) {
            alphas[i] = 1.0f - betas[i];
        }
        return new AlphaSchedule(betas, cumprod(alphas));
    }

    /** The betas, one per training timestep (a copy). */
    public float[] betas() {
        return betas.clone();
    }

    /** {@code alphas_cumprod}, one per training timestep (a copy). */
    public float[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    /** {@code alphas_cumprod[t]}. */
    public float alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    /** Number of training timesteps. */
    public int length() {
        return alphasCumprod.length;
    }

    /** torch.linspace(start, end, n, dtype=float32) on CPU, bit for bit (see the class comment). */
    static float[] torchLinspace(float start, float end, int n) {
        float[] out = new float[n];
        if (n == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (float) (n - 1);
        int halfway = n / 2;
        int vectorised = (n / 16) * 16;
        for (int base = 0; base < vectorised; base += 8) {
            float first = base < halfway
                    ? Math.fma(step, (float) base, start)
                    : Math.fma(-step, (float) (n - base - 1), end);
            for (int k = 0; k < 8; k++) {
                out[base + k] = first + (float) k * step;
            }
        }
        for (int i = vectorised; i < n; i++) {
            out[i] = i < halfway ? Math.fma(step, (float) i, start) : Math.fma(-step, (float) (n - i - 1), end);
        }
        return out;
    }

    /** diffusers' {@code betas_for_alpha_bar(n, "cosine")}: computed in double, stored as float32. */
    static float[] cosineBetas(int n) {
        float[] betas = new float[n];
        for (int i = 0; i < n; i++) {
            double t1 = (double) i / n;
            double t2 = (double) (i + 1) / n;
            betas[i] = (float) Math.min(1 - cosineAlphaBar(t2) / cosineAlphaBar(t1), 0.999);
        }
        return betas;
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** torch.cumprod on a float32 CPU tensor: double accumulator, each prefix rounded to float. */
    static float[] cumprod(float[] values) {
        float[] out = new float[values.length];
        double acc = 1.0;
        for (int i = 0; i < values.length; i++) {
            acc *= values[i];
            out[i] = (float) acc;
        }
        return out;
    }

    /** diffusers' {@code rescale_zero_terminal_snr} (Lin et al. 2023, algorithm 1) in torch float32. */
    static float[] rescaleZeroTerminalSnr(float[] betas) {
        int n = betas.length;
        float[] alphas = new float[n];
        for (int i = 0; i < n; i++) {
            alphas[i] = 1.0f - betas[i];
        }
        float[] sqrtBar = cumprod(alphas);
        for (int i = 0; i < n; i++) {
            sqrtBar[i] = (float) Math.sqrt(sqrtBar[i]);
        }
        float first = sqrtBar[0];
        float last = sqrtBar[n - 1];
        float scale = first / (first - last);
        for (int i = 0; i < n; i++) {
            sqrtBar[i] = (sqrtBar[i] - last) * scale;
        }
        float[] bar = new float[n];
        for (int i = 0; i < n; i++) {
            bar[i] = sqrtBar[i] * sqrtBar[i];
        }
        float[] out = new float[n];
        out[0] = 1.0f - bar[0];
        for (int i = 1; i < n; i++) {
            out[i] = 1.0f - bar[i] / bar[i - 1];
        }
        return out;
    }
}
