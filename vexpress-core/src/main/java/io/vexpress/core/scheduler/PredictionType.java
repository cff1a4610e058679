package io.vexpress.core.scheduler;

/** What the model predicts (diffusers' {@code prediction_type}). */
public enum PredictionType {
    /** The added noise. */
    EPSILON,
    /** The velocity {@code sqrt(alpha_bar) * noise - sqrt(1 - alpha_bar) * x0}: V-Express. */
    V_PREDICTION,
    /** The clean sample itself. */
    SAMPLE
}
