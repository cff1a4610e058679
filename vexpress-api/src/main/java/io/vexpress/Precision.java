package io.vexpress;

/**
 * Numeric precision hint. Model inputs and outputs are always float32 (see docs/model-bundle.md);
 * the hint selects which exported weights to prefer where a bundle ships both, and which of torch's
 * random streams seeds the initial latents, so that a seed reproduces V-Express run at that precision.
 */
public enum Precision {
    /** float32 weights; initial noise from torch's float32 {@code randn} stream. */
    FP32,
    /** float16 weights where the bundle has them (V-Express's default {@code --dtype fp16}); noise from torch's float16 stream. */
    FP16
}
