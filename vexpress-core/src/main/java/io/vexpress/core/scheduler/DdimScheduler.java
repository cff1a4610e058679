package io.vexpress.core.scheduler;

import io.vexpress.core.tensor.FloatTensor;

/**
 * diffusers' {@code DDIMScheduler} (version 0.29), stepping frame by frame.
 *
 * <p>Per step the scalar coefficients are computed once, in float32 as torch computes them on 0-dim tensors;
 * the per-element update then follows diffusers' operation order with float rounding after each operation,
 * e.g. for v-prediction {@code x0 = sqrt(a_t) * x - sqrt(1 - a_t) * v},
 * {@code eps = sqrt(a_t) * v + sqrt(1 - a_t) * x},
 * {@code prev = sqrt(a_prev) * x0 + sqrt(1 - a_prev - std^2) * eps (+ std * noise)}.
 *
 * <p>As in diffusers, the previous timestep is {@code t - trainTimesteps / steps} (integer division), which is
 * not always the next timestep of the list with trailing spacing; below 0 the "final" alpha product applies (1
 * with {@code set_alpha_to_one}, else {@code alphas_cumprod[0]}). DDIM is stateless, so stepping frames in any
 * order is exact.
 */
public final class DdimScheduler extends TimestepScheduler {
    private final SchedulerConfig config;
    private final AlphaSchedule alphas;
    private final int[] previousTimesteps;
    private final float[] sqrtAlphaProd;
    private final float[] sqrtBetaProd;
    private final float[] sqrtAlphaProdPrev;
    private final float[] directionCoefficient;
    private final float[] stdDev;
    private final float clipRange;
    /** Work runs in chunks over heap arrays, which the JIT vectorises (it does not vectorise direct buffers). */
    private static final int CHUNK = 1024;
    private final float[] sampleChunk = new float[CHUNK];
    private final float[] outputChunk = new float[CHUNK];
    private final float[] originalChunk = new float[CHUNK];
    private final float[] epsilonChunk = new float[CHUNK];

    /**
     * @param config scheduler configuration ({@link SchedulerConfig#VEXPRESS} for V-Express)
     * @param steps number of inference steps (1 .. trainTimesteps)
     */
    public DdimScheduler(SchedulerConfig config, int steps) {
        super(InferenceTimesteps.forSteps(InferenceTimesteps.ddim(config, steps), steps));
        this.config = config;
        this.alphas = AlphaSchedule.of(config);
        int[] timesteps = timesteps();
        int n = timesteps.length;
        if (timesteps[0] >= config.trainTimesteps()) {
            // leading spacing with steps_offset and as many steps as training steps (diffusers fails here too)
            throw new IllegalArgumentException("Timestep " + timesteps[0] + " is outside the " + config.trainTimesteps()
                    + " training timesteps: use fewer steps or steps_offset 0 with leading spacing");
        }
        int ratio = config.trainTimesteps() / steps;
        float finalAlpha = config.setAlphaToOne() ? 1.0f : alphas.alphaCumprod(0);
        float eta = (float) config.eta();
        previousTimesteps = new int[n];
        sqrtAlphaProd = new float[n];
        sqrtBetaProd = new float[n];
        sqrtAlphaProdPrev = new float[n];
        directionCoefficient = new float[n];
        stdDev = new float[n];
        for (int i = 0; i < n; i++) {
            int t = timesteps[i];
            int prev = t - ratio;
            previousTimesteps[i] = prev;
            float alphaProd = alphas.alphaCumprod(t);
            float alphaProdPrev = prev >= 0 ? alphas.alphaCumprod(prev) : finalAlpha;
            float betaProd = 1 - alphaProd;
            float betaProdPrev = 1 - alphaProdPrev;
            float variance = (betaProdPrev / betaProd) * (1 - alphaProd / alphaProdPrev);
            float std = eta * sqrt(variance);
            sqrtAlphaProd[i] = sqrt(alphaProd);
            sqrtBetaProd[i] = sqrt(betaProd);
            sqrtAlphaProdPrev[i] = sqrt(alphaProdPrev);
            directionCoefficient[i] = sqrt(1 - alphaProdPrev - std * std);
            stdDev[i] = std;
        }
        clipRange = (float) config.clipSampleRange();
    }

    private static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    /** The configuration. */
    public SchedulerConfig config() {
        return config;
    }

    /** The training schedule. */
    public AlphaSchedule alphaSchedule() {
        return alphas;
    }

    /** diffusers' {@code prev_timestep} for step {@code stepIndex} (-1 or below at the end). */
    public int previousTimestep(int stepIndex) {
        return previousTimesteps[stepIndex];
    }

    @Override
    public boolean needsVarianceNoise() {
        return config.eta() > 0;
    }

    @Override
    public void begin(FloatTensor latents) {
        // Stateless.
    }

    @Override
    public void stepFrame(int stepIndex, FloatTensor modelOutput, FloatTensor sample, int frame,
                          FloatTensor varianceNoise, int noiseFrame) {
        int planes = sample.planes();
        int area = sample.frameArea();
        FloatTensor z = needsVarianceNoise() ? varianceNoise : null;
        for (int p = 0; p < planes; p++) {
            int off = sample.frameOffset(p, frame);
            int noiseOff = z == null ? 0 : varianceNoise.frameOffset(p, noiseFrame);
            stepRange(stepIndex, modelOutput, sample, off, area, z, noiseOff);
        }
    }

    /** Steps a whole tensor at once (benchmarks, eta = 0). */
    public void step(int stepIndex, FloatTensor modelOutput, FloatTensor sample) {
        stepRange(stepIndex, modelOutput, sample, 0, sample.size(), null, 0);
    }

    private void stepRange(int i, FloatTensor m, FloatTensor x, int off, int len, FloatTensor z, int zOff) {
        float a = sqrtAlphaProd[i];
        float b = sqrtBetaProd[i];
        float ap = sqrtAlphaProdPrev[i];
        float dir = directionCoefficient[i];
        float std = stdDev[i];
        float[] xs = sampleChunk;
        float[] ms = outputChunk;
        float[] x0 = originalChunk;
        float[] eps = epsilonChunk;
        for (int start = 0; start < len; start += CHUNK) {
            int n = Math.min(CHUNK, len - start);
            x.get(off + start, xs, 0, n);
            m.get(off + start, ms, 0, n);
            DataPrediction.compute(config.predictionType(), a, b, xs, ms, x0, n);
            switch (config.predictionType()) { // separate branch-free loops: the JIT vectorises them
                case V_PREDICTION -> {
                    for (int k = 0; k < n; k++) {
                        eps[k] = a * ms[k] + b * xs[k];
                    }
                }
                case EPSILON -> System.arraycopy(ms, 0, eps, 0, n);
                case SAMPLE -> {
                    for (int k = 0; k < n; k++) {
                        eps[k] = (xs[k] - a * x0[k]) / b;
                    }
                }
            }
            if (config.clipSample()) {
                float r = clipRange;
                for (int k = 0; k < n; k++) {
                    x0[k] = Math.max(-r, Math.min(r, x0[k]));
                }
            }
            for (int k = 0; k < n; k++) {
                xs[k] = ap * x0[k] + dir * eps[k];
            }
            if (z != null) {
                z.get(zOff + start, ms, 0, n);
                for (int k = 0; k < n; k++) {
                    xs[k] = xs[k] + std * ms[k];
                }
            }
            x.put(off + start, xs, 0, n);
        }
    }
}
