package io.vexpress.core.scheduler;

import java.util.Objects;

/**
 * The configuration fields of diffusers' {@code DDIMScheduler} and {@code DPMSolverMultistepScheduler} that this
 * package implements. Thresholding ("dynamic thresholding") is not supported: it needs quantiles over a whole
 * sample, which per-frame stepping cannot provide.
 *
 * @param trainTimesteps {@code num_train_timesteps}
 * @param betaStart {@code beta_start}
 * @param betaEnd {@code beta_end}
 * @param betaSchedule {@code beta_schedule}
 * @param predictionType {@code prediction_type}
 * @param rescaleBetasZeroSnr {@code rescale_betas_zero_snr}: rescale so the last timestep has zero SNR
 * @param timestepSpacing {@code timestep_spacing}
 * @param stepsOffset {@code steps_offset} (used by leading spacing)
 * @param setAlphaToOne DDIM's {@code set_alpha_to_one}: alpha_bar after the last step is 1, else alpha_bar[0]
 * @param eta DDIM's {@code eta} (0: deterministic DDIM; 1: DDPM-like variance, needs noise)
 * @param clipSample DDIM's {@code clip_sample}: clamp the predicted x0 to {@code ±clipSampleRange}
 * @param clipSampleRange DDIM's {@code clip_sample_range}
 */
public record SchedulerConfig(
        int trainTimesteps,
        double betaStart,
        double betaEnd,
        BetaSchedule betaSchedule,
        PredictionType predictionType,
        boolean rescaleBetasZeroSnr,
        TimestepSpacing timestepSpacing,
        int stepsOffset,
        boolean setAlphaToOne,
        double eta,
        boolean clipSample,
        double clipSampleRange) {

    /**
     * V-Express's {@code inference_v2.yaml}: scaled-linear betas 0.00085–0.012 over 1000 steps, v-prediction,
     * zero-terminal-SNR rescale, trailing spacing, steps_offset 1, set_alpha_to_one left at its default (true),
     * eta 0, no clipping.
     */
    public static final SchedulerConfig VEXPRESS = new SchedulerConfig(1000, 0.00085, 0.012,
            BetaSchedule.SCALED_LINEAR, PredictionType.V_PREDICTION, true, TimestepSpacing.TRAILING, 1, true, 0.0,
            false, 1.0);

    /** diffusers' defaults for a fresh {@code DDIMScheduler()}. */
    public static final SchedulerConfig DIFFUSERS_DEFAULT = new SchedulerConfig(1000, 0.0001, 0.02,
            BetaSchedule.LINEAR, PredictionType.EPSILON, false, TimestepSpacing.LEADING, 0, true, 0.0, true, 1.0);

    public SchedulerConfig {
        Objects.requireNonNull(betaSchedule, "betaSchedule");
        Objects.requireNonNull(predictionType, "predictionType");
        Objects.requireNonNull(timestepSpacing, "timestepSpacing");
        if (trainTimesteps < 2) {
            throw new IllegalArgumentException("trainTimesteps must be >= 2, got " + trainTimesteps);
        }
        if (!(eta >= 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta must be finite and >= 0, got " + eta);
        }
        if (!Double.isFinite(betaStart) || !Double.isFinite(betaEnd) || betaStart < 0 || betaEnd < 0) {
            throw new IllegalArgumentException("Betas must be finite and >= 0, got " + betaStart + ", " + betaEnd);
        }
    }

    public SchedulerConfig withBetaSchedule(BetaSchedule v) {
        return new SchedulerConfig(trainTimesteps, betaStart, betaEnd, v, predictionType, rescaleBetasZeroSnr,
                timestepSpacing, stepsOffset, setAlphaToOne, eta, clipSample, clipSampleRange);
    }

    public SchedulerConfig withBetas(double start, double end) {
        return new SchedulerConfig(trainTimesteps, start, end, betaSchedule, predictionType, rescaleBetasZeroSnr,
                timestepSpacing, stepsOffset, setAlphaToOne, eta, clipSample, clipSampleRange);
    }

    public SchedulerConfig withPredictionType(PredictionType v) {
        return new SchedulerConfig(trainTimesteps, betaStart, betaEnd, betaSchedule, v, rescaleBetasZeroSnr,
                timestepSpacing, stepsOffset, setAlphaToOne, eta, clipSample, clipSampleRange);
    }

    public SchedulerConfig withRescaleBetasZeroSnr(boolean v) {
        return new SchedulerConfig(trainTimesteps, betaStart, betaEnd, betaSchedule, predictionType, v,
                timestepSpacing, stepsOffset, setAlphaToOne, eta, clipSample, clipSampleRange);
    }

    public SchedulerConfig withTimestepSpacing(TimestepSpacing v) {
        return new SchedulerConfig(trainTimesteps, betaStart, betaEnd, betaSchedule, predictionType,
                rescaleBetasZeroSnr, v, stepsOffset, setAlphaToOne, eta, clipSample, clipSampleRange);
    }

    public SchedulerConfig withStepsOffset(int v) {
        return new SchedulerConfig(trainTimesteps, betaStart, betaEnd, betaSchedule, predictionType,
                rescaleBetasZeroSnr, timestepSpacing, v, setAlphaToOne, eta, clipSample, clipSampleRange);
    }

    public SchedulerConfig withSetAlphaToOne(boolean v) {
        return new SchedulerConfig(trainTimesteps, betaStart, betaEnd, betaSchedule, predictionType,
                rescaleBetasZeroSnr, timestepSpacing, stepsOffset, v, eta, clipSample, clipSampleRange);
    }

    public SchedulerConfig withEta(double v) {
        return new SchedulerConfig(trainTimesteps, betaStart, betaEnd, betaSchedule, predictionType,
                rescaleBetasZeroSnr, timestepSpacing, stepsOffset, setAlphaToOne, v, clipSample, clipSampleRange);
    }

    public SchedulerConfig withClipSample(boolean clip, double range) {
        return new SchedulerConfig(trainTimesteps, betaStart, betaEnd, betaSchedule, predictionType,
                rescaleBetasZeroSnr, timestepSpacing, stepsOffset, setAlphaToOne, eta, clip, range);
    }

    public SchedulerConfig withTrainTimesteps(int v) {
        return new SchedulerConfig(v, betaStart, betaEnd, betaSchedule, predictionType, rescaleBetasZeroSnr,
                timestepSpacing, stepsOffset, setAlphaToOne, eta, clipSample, clipSampleRange);
    }
}
