package io.vexpress.core.audio;

import io.vexpress.InvalidInputException;
import io.vexpress.media.PcmAudio;

/**
 * Band-limited resampling identical to {@code torchaudio.functional.resample} (torchaudio 0.13, method
 * {@code sinc_interpolation} = Hann-windowed sinc, {@code lowpass_filter_width=6}, {@code rolloff=0.99}).
 *
 * <p>Like torchaudio, the rates are reduced by their gcd, one filter phase is built per output sample of the
 * reduced period ({@code new} phases of {@code 2 * width + orig} taps), the signal is zero-padded by
 * {@code width} on the left and {@code width + orig} on the right, convolved with stride {@code orig}, and
 * cut to {@code ceil(new * length / orig)} samples. Kernels are computed with torchaudio's float32 rounding and the sums accumulated
 * in double, so results agree with torchaudio's float32 computation to about 1e-6.
 *
 * <p>An instance holds the kernel for one rate pair; build it once and reuse it. Instances are immutable
 * and thread-safe.
 */
public final class SincResampler {
    private static final int LOWPASS_FILTER_WIDTH = 6;
    private static final double ROLLOFF = 0.99;

    private final int fromRate;
    private final int toRate;
    private final int orig;
    private final int next;
    private final int width;
    private final int taps;
    /** {@code next} rows of {@code taps} coefficients. */
    private final double[] kernel;

    private SincResampler(int fromRate, int toRate) {
        this.fromRate = fromRate;
        this.toRate = toRate;
        int gcd = gcd(fromRate, toRate);
        this.orig = fromRate / gcd;
        this.next = toRate / gcd;
        double baseFreq = Math.min(orig, next) * ROLLOFF;
        this.width = (int) Math.ceil(LOWPASS_FILTER_WIDTH * orig / baseFreq);
        this.taps = 2 * width + orig;
        this.kernel = new double[next * taps];
        // torchaudio builds the kernel in the waveform's dtype (float32), and with rates such as 11025 -> 16000
        // its float32 rounding of t moves the taps by ~2e-5; every step is rounded to float like torch does.
        float base = (float) baseFreq;
        float scale = (float) (baseFreq / orig);
        float pi = (float) Math.PI;
        for (int j = 0; j < next; j++) {
            float shift = (float) -j / next;
            for (int k = 0; k < taps; k++) {
                float idx = (float) (k - width) / orig;
                float t = (shift + idx) * base;
                t = Math.max(-LOWPASS_FILTER_WIDTH, Math.min(LOWPASS_FILTER_WIDTH, t));
                float cos = (float) Math.cos(t * pi / LOWPASS_FILTER_WIDTH / 2);
                float window = cos * cos;
                float tp = t * pi;
                float sinc = tp == 0 ? 1.0f : (float) Math.sin(tp) / tp;
                kernel[j * taps + k] = sinc * (window * scale);
            }
        }
    }

    /**
     * A resampler from {@code fromRate} to {@code toRate} Hz.
     *
     * @throws InvalidInputException when a rate is not positive
     */
    public static SincResampler of(int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new InvalidInputException("Sample rates must be positive, got " + fromRate + " Hz -> " + toRate + " Hz.");
        }
        return new SincResampler(fromRate, toRate);
    }

    /** Resamples every channel of {@code audio} to {@code toRate} (returns {@code audio} when the rate already matches). */
    public static PcmAudio resample(PcmAudio audio, int toRate) {
        if (audio.sampleRate() == toRate) {
            return audio;
        }
        return of(audio.sampleRate(), toRate).apply(audio);
    }

    public int fromRate() {
        return fromRate;
    }

    public int toRate() {
        return toRate;
    }

    /** Number of output samples for {@code length} input samples: {@code ceil(new * length / orig)} on the reduced rates. */
    public int outputLength(int length) {
        return (int) Math.ceil((double) next * length / orig);
    }

    /** Resamples one channel. Equal rates return a copy. */
    public float[] apply(float[] samples) {
        if (fromRate == toRate) {
            return samples.clone();
        }
        int length = samples.length;
        int outLength = outputLength(length);
        float[] out = new float[outLength];
        for (int n = 0; n < outLength; n++) {
            int block = n / next;
            int phase = n - block * next;
            int start = block * orig - width; // input index of tap 0
            int kFirst = Math.max(0, -start);
            int kLast = Math.min(taps, length - start);
            int row = phase * taps;
            double sum = 0;
            for (int k = kFirst; k < kLast; k++) {
                sum += samples[start + k] * kernel[row + k];
            }
            out[n] = (float) sum;
        }
        return out;
    }

    /** Resamples every channel of {@code audio}, keeping the channel count. */
    public PcmAudio apply(PcmAudio audio) {
        if (audio.sampleRate() != fromRate) {
            throw new InvalidInputException("This resampler converts " + fromRate + " Hz audio, got " + audio.sampleRate() + " Hz.");
        }
        int channels = audio.channels();
        if (channels == 1) {
            return PcmAudio.mono(apply(audio.toInterleavedArray()), toRate);
        }
        float[] interleaved = audio.toInterleavedArray();
        int frames = audio.frameCount();
        int outFrames = outputLength(frames);
        float[] out = new float[outFrames * channels];
        float[] channel = new float[frames];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < frames; i++) {
                channel[i] = interleaved[i * channels + c];
            }
            float[] resampled = apply(channel);
            for (int i = 0; i < outFrames; i++) {
                out[i * channels + c] = resampled[i];
            }
        }
        return PcmAudio.of(out, toRate, channels);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
