package io.vexpress.core.audio;

import io.vexpress.media.PcmAudio;

/**
 * Turns decoded audio into the mono waveform the audio encoder sees, in V-Express's order: every channel is
 * resampled with {@link SincResampler} (torchaudio), then the channels are averaged ({@code mean(dim=0)}).
 */
public final class ModelAudio {
    private ModelAudio() {
    }

    /** Mono samples at {@code rate} Hz (16000 for wav2vec2). */
    public static float[] monoAt(PcmAudio audio, int rate) {
        return Downmix.toMono(SincResampler.resample(audio, rate)).toInterleavedArray();
    }
}
