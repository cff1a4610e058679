package io.vexpress.core.denoise;

import io.vexpress.AttentionWeights;
import io.vexpress.core.tensor.FloatTensor;

/**
 * The denoising model as the {@link MeanOverlapSampler window loop} sees it: one call predicts the model
 * output (for V-Express: the v-prediction) for one context window at one timestep. The ONNX implementation
 * lives in the pipeline; tests use analytic ones.
 *
 * <p>The loop builds everything passed here once per generation and reuses it: implementations must not keep
 * references to the arguments beyond the call, must not modify {@code windowLatents} or
 * {@code frameIndices}, and should not allocate per call what they can build once (loop-invariant inputs such
 * as reference features, audio embeddings and keypoint features are theirs to prepare up front).
 */
@FunctionalInterface
public interface Denoiser {

    /**
     * Predicts the model output for one window.
     *
     * @param windowLatents noisy latents of the window's frames, {@code [1, C, T, h, w]}, gathered from the
     *     video latents in window order
     * @param frameIndices video frame index of each of the {@code T} window frames, in window order; indices may
     *     repeat when a window folds back at the end of the video (select per-frame conditions such as audio
     *     embeddings and keypoint features with them)
     * @param timestep the integer diffusion timestep (e.g. 999 at the first V-Express step)
     * @param stepIndex 0-based index of the denoising step
     * @param attention the attention weights for this step (the request's constant weights, or the value of its
     *     {@link io.vexpress.AttentionSchedule} at {@code stepIndex})
     * @param guided true when classifier-free guidance is on: the model must run a doubled batch, the
     *     unconditional half first (zero audio embeddings, zero keypoint features, zero reference features),
     *     then the conditional half
     * @param prediction preallocated output to fill, {@code [guided ? 2 : 1, C, T, h, w]}; when guided, batch 0 is
     *     the unconditional prediction and batch 1 the conditional one
     */
    void predict(FloatTensor windowLatents, int[] frameIndices, long timestep, int stepIndex,
                 AttentionWeights attention, boolean guided, FloatTensor prediction);
}
