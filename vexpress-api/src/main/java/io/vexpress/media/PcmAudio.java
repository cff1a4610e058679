package io.vexpress.media;

import io.vexpress.InvalidInputException;

/**
 * Immutable decoded audio: float samples in [-1, 1], interleaved when there is more than one channel.
 */
public final class PcmAudio {
    private final float[] samples;
    private final int sampleRate;
    private final int channels;

    private PcmAudio(float[] samples, int sampleRate, int channels) {
        this.samples = samples;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    /**
     * Wraps a copy of interleaved samples.
     *
     * @throws InvalidInputException for a non-positive rate or channel count, a length that is not a
     *     multiple of the channel count, or non-finite samples
     */
    public static PcmAudio of(float[] interleaved, int sampleRate, int channels) {
        if (sampleRate <= 0) {
            throw new InvalidInputException("Audio sample rate must be positive, got " + sampleRate + " Hz.");
        }
        if (channels <= 0) {
            throw new InvalidInputException("Audio channel count must be positive, got " + channels + ".");
        }
        if (interleaved == null || interleaved.length % channels != 0) {
            throw new InvalidInputException("Interleaved audio length " + (interleaved == null ? "null" : interleaved.length)
                    + " is not a multiple of the channel count " + channels + ".");
        }
        for (int i = 0; i < interleaved.length; i++) {
            if (!Float.isFinite(interleaved[i])) {
                throw new InvalidInputException("Audio sample " + i + " is " + interleaved[i] + "; samples must be finite.");
            }
        }
        return new PcmAudio(interleaved.clone(), sampleRate, channels);
    }

    /** Mono audio. */
    public static PcmAudio mono(float[] samples, int sampleRate) {
        return of(samples, sampleRate, 1);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    /** Samples per channel. */
    public int frameCount() {
        return samples.length / channels;
    }

    /** Exact duration: samples per channel divided by the rate. */
    public double durationSeconds() {
        return (double) frameCount() / sampleRate;
    }

    /** A copy of the interleaved samples. */
    public float[] toInterleavedArray() {
        return samples.clone();
    }

    /** The channels averaged into one, as V-Express's {@code waveform.mean(dim=0)}. */
    public float[] toMonoArray() {
        if (channels == 1) {
            return samples.clone();
        }
        int n = frameCount();
        float[] mono = new float[n];
        for (int i = 0; i < n; i++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += samples[i * channels + c];
            }
            mono[i] = sum / channels;
        }
        return mono;
    }

    @Override
    public String toString() {
        return "PcmAudio[" + frameCount() + " samples x " + channels + " ch @ " + sampleRate + " Hz]";
    }
}
