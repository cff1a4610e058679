/**
 * The reference-attention and audio-attention weights fed to the denoiser at every step: the request's
 * constant weights (exactly V-Express) or an opt-in per-step {@link io.vexpress.AttentionSchedule}, resolved
 * and validated once per generation.
 */
package io.vexpress.core.attention;
