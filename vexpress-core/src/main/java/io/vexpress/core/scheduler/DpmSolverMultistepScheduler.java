package io.vexpress.core.scheduler;

import io.vexpress.core.tensor.FloatTensor;

/**
 * diffusers' {@code DPMSolverMultistepScheduler} as DPM-Solver++ 2M: {@code algorithm_type="dpmsolver++"},
 * {@code solver_order=2}, {@code solver_type="midpoint"}, {@code lower_order_final=True},
 * {@code final_sigmas_type="zero"}, no Karras sigmas, with the same betas, prediction type, zero-SNR rescale and
 * timestep spacing as the DDIM configuration. With zero-SNR rescaling, diffusers clamps the last
 * {@code alphas_cumprod} to 2^-24 so that the first sigma is finite; so does this class.
 *
 * <p>The solver's memory (the previous step's data prediction x0) is kept per frame, so frames can be stepped
 * whenever their last context window is done. The first step and the last one are first order (the last goes
 * to sigma 0 and returns the data prediction); the others use the midpoint second-order update. Scalars are
 * computed in float32 like torch's 0-dim tensors, the element-wise update in diffusers' operation order.
 *
 * <p>Ignores {@code setAlphaToOne}, {@code eta} and clipping (DDIM-only options).
 */
public final class DpmSolverMultistepScheduler extends TimestepScheduler {
    private final SchedulerConfig config;
    private final float[] sigmas;
    /** Per step: x0 = xCoef * sample - mCoef * output (or the epsilon/sample forms). */
    private final float[] alphaT;
    private final float[] sigmaT;
    /** Per step: prev = ratio * sample - first * D0 - second * D1, D1 = inverseR * (m0 - m1). */
    private final float[] ratio;
    private final float[] firstOrder;
    private final float[] secondOrder;
    private final float[] inverseR;
    private final boolean[] usesSecondOrder;
    /** Work runs in chunks over heap arrays, which the JIT vectorises (it does not vectorise direct buffers). */
    private static final int CHUNK = 1024;
    private final float[] sampleChunk = new float[CHUNK];
    private final float[] outputChunk = new float[CHUNK];
    private final float[] originalChunk = new float[CHUNK];
    private final float[] previousChunk = new float[CHUNK];
    private FloatTensor previousX0;
    private int[] stepsDone;

    /**
     * @param config scheduler configuration ({@link SchedulerConfig#VEXPRESS} for V-Express's betas)
     * @param steps number of inference steps
     */
    public DpmSolverMultistepScheduler(SchedulerConfig config, int steps) {
        super(InferenceTimesteps.forSteps(InferenceTimesteps.dpmSolver(config, steps), steps));
        this.config = config;
        float[] alphasCumprod = AlphaSchedule.of(config).alphasCumprod();
        if (config.rescaleBetasZeroSnr()) {
            alphasCumprod[alphasCumprod.length - 1] = 0x1p-24f;
        }
        int[] timesteps = timesteps();
        int n = timesteps.length;
        sigmas = new float[n + 1];
        for (int i = 0; i < n; i++) {
            float ac = alphasCumprod[timesteps[i]];
            sigmas[i] = (float) Math.sqrt((1 - ac) / ac);
        }
        sigmas[n] = 0f;
        alphaT = new float[n];
        sigmaT = new float[n];
        ratio = new float[n];
        firstOrder = new float[n];
        secondOrder = new float[n];
        inverseR = new float[n];
        usesSecondOrder = new boolean[n];
        for (int i = 0; i < n; i++) {
            float[] cur = alphaSigma(sigmas[i]);
            float[] next = alphaSigma(sigmas[i + 1]);
            alphaT[i] = cur[0];
            sigmaT[i] = cur[1];
            float lambdaT = log(next[0]) - log(next[1]);
            float lambdaS0 = log(cur[0]) - log(cur[1]);
            float h = lambdaT - lambdaS0;
            ratio[i] = next[1] / cur[1];
            firstOrder[i] = next[0] * (exp(-h) - 1.0f);
            boolean lowerOrderFinal = i == n - 1; // final_sigmas_type "zero" makes the last step first order
            usesSecondOrder[i] = i >= 1 && !lowerOrderFinal;
            if (usesSecondOrder[i]) {
                float[] prev = alphaSigma(sigmas[i - 1]);
                float lambdaS1 = log(prev[0]) - log(prev[1]);
                float h0 = lambdaS0 - lambdaS1;
                float r0 = h0 / h;
                inverseR[i] = 1.0f / r0;
                secondOrder[i] = 0.5f * (next[0] * (exp(-h) - 1.0f));
            }
        }
    }

    /** diffusers' {@code _sigma_to_alpha_sigma_t} on a float32 sigma. */
    private static float[] alphaSigma(float sigma) {
        float alpha = 1 / (float) Math.sqrt(sigma * sigma + 1);
        return new float[] {alpha, sigma * alpha};
    }

    private static float log(float x) {
        return (float) Math.log(x);
    }

    private static float exp(float x) {
        return (float) Math.exp(x);
    }

    /** The sigmas ({@code sqrt((1 - a) / a)} at each timestep, then 0), as float32. */
    public float[] sigmas() {
        return sigmas.clone();
    }

    @Override
    public boolean needsVarianceNoise() {
        return false;
    }

    @Override
    public void begin(FloatTensor latents) {
        previousX0 = FloatTensor.zeros(latents.shape());
        stepsDone = new int[latents.frames()];
    }

    @Override
    public void stepFrame(int stepIndex, FloatTensor modelOutput, FloatTensor sample, int frame,
                          FloatTensor varianceNoise, int noiseFrame) {
        if (stepsDone == null || previousX0.size() != sample.size()) {
            throw new IllegalStateException("Call begin(latents) before stepping");
        }
        if (stepsDone[frame] != stepIndex) {
            throw new IllegalStateException("Frame " + frame + " is at step " + stepsDone[frame]
                    + ", cannot take step " + stepIndex + " (each frame must take every step once, in order)");
        }
        int planes = sample.planes();
        int area = sample.frameArea();
        for (int plane = 0; plane < planes; plane++) {
            int off = sample.frameOffset(plane, frame);
            stepRange(stepIndex, modelOutput, sample, previousX0, off, area);
        }
        stepsDone[frame]++;
    }

    private void stepRange(int i, FloatTensor m, FloatTensor x, FloatTensor prevX0, int off, int len) {
        float a = alphaT[i];
        float s = sigmaT[i];
        float r = ratio[i];
        float c1 = firstOrder[i];
        float c2 = secondOrder[i];
        float invR = inverseR[i];
        float[] xs = sampleChunk;
        float[] ms = outputChunk;
        float[] x0 = originalChunk;
        float[] prev = previousChunk;
        for (int start = 0; start < len; start += CHUNK) {
            int n = Math.min(CHUNK, len - start);
            x.get(off + start, xs, 0, n);
            m.get(off + start, ms, 0, n);
            DataPrediction.compute(config.predictionType(), a, s, xs, ms, x0, n);
            if (usesSecondOrder[i]) {
                prevX0.get(off + start, prev, 0, n);
                for (int k = 0; k < n; k++) {
                    float d1 = invR * (x0[k] - prev[k]);
                    xs[k] = r * xs[k] - c1 * x0[k] - c2 * d1;
                }
            } else {
                for (int k = 0; k < n; k++) {
                    xs[k] = r * xs[k] - c1 * x0[k];
                }
            }
            prevX0.put(off + start, x0, 0, n);
            x.put(off + start, xs, 0, n);
        }
    }
}
