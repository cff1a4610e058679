package io.vexpress.core.audio;

import io.vexpress.media.PcmAudio;

/** Averages all channels into one, as V-Express's {@code waveform.mean(dim=0)}. */
public final class Downmix {
    private Downmix() {
    }

    /** Mono audio at the same rate; mono input is returned unchanged. */
    public static PcmAudio toMono(PcmAudio audio) {
        if (audio.channels() == 1) {
            return audio;
        }
        return PcmAudio.mono(audio.toMonoArray(), audio.sampleRate());
    }
}
