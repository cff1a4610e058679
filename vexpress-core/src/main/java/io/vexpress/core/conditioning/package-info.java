/**
 * Conditioning signals before the networks run, exact to V-Express's Python reference: the driving
 * keypoint sequence resampled to the video length ({@link io.vexpress.core.conditioning.KeypointAligner}),
 * the waveform normalised for wav2vec2 ({@link io.vexpress.core.conditioning.WaveformNormalizer}) and the
 * audio encoder's hidden states turned into per-frame audio tokens, per window or for the whole clip
 * ({@link io.vexpress.core.conditioning.AudioFrameAligner}). All pure Java, no native code.
 */
package io.vexpress.core.conditioning;
