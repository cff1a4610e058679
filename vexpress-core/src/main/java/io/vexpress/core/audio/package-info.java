/**
 * Pure-Java audio conditioning: torchaudio-identical band-limited resampling
 * ({@link io.vexpress.core.audio.SincResampler}) and channel downmixing ({@link io.vexpress.core.audio.Downmix}).
 */
package io.vexpress.core.audio;
