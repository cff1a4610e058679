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
        boolean clip = config.clipSample();
        PredictionType type = config.predictionType();
        for (int k = off, end = off + len; k < end; k++) {
            float s = x.get(k);
            float out = m.get(k);
            float x0;
            float eps;
            switch (type) {
                case V_PREDICTION -> {
                    x0 = a * s - b * out;
                    eps = a * out + b * s;
                }
                case EPSILON -> {
                    x0 = (s - b * out) / a;
                    eps = out;
                }
                default -> {
                    x0 = out;
                    eps = (s - a * x0) / b;
                }
            }
            if (clip) {
                x0 = Math.max(-clipRange, Math.min(clipRange, x0));
            }
            float prev = ap * x0 + dir * eps;
            if (z != null) {
                prev = prev + std * z.get(zOff + (k - off));
            }
            x.set(k, prev);
        }
    }
}
