/**
 * The denoising loop: video length and frame rate from the audio duration ({@link io.vexpress.core.denoise.VideoTiming}),
 * V-Express's overlapping context windows ({@link io.vexpress.core.denoise.ContextWindows}), classifier-free
 * guidance, per-frame mean-overlap accumulation and per-frame scheduler stepping
 * ({@link io.vexpress.core.denoise.MeanOverlapSampler}) around a {@link io.vexpress.core.denoise.Denoiser}.
 */
package io.vexpress.core.denoise;
