package io.vexpress.media.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;

import io.vexpress.media.ffmpeg.FfmpegErrors;
import io.vexpress.MediaException;
import io.vexpress.media.ffmpeg.FfmpegRuntime;
import io.vexpress.media.PcmAudio;
import io.vexpress.spi.AudioDecoder;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@link AudioDecoder}: FFmpeg (JavaCV) decodes the first audio stream to interleaved float
 * samples at the stream's own rate and channel count. No resampling happens here, so nothing is lost to
 * a resampler's delay line; the decoder is drained at the end of the file, and the sample count equals
 * {@code ffmpeg -i file -f f32le -}'s (checked in the tests). Empty frames (the first one can be) are skipped.
 *
 * <p>Errors ({@link MediaException}): missing, empty, undecodable or truncated-to-nothing files, files
 * without an audio stream (e.g. a silent video), and digital silence (every sample below -90 dBFS), which
 * cannot drive a talking head. Durations outside V-Express's documented 1-60 s and rates outside 16-48 kHz are
 * not errors; the engine reports them as warnings of the generation (for decoded PCM input too).
 */
public final class FfmpegAudioDecoder implements AudioDecoder {
    /** Peak below this (-90 dBFS) counts as silence. */
    static final float SILENCE_PEAK = 3.2e-5f;

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegAudioDecoder.class);

    @Override
    public PcmAudio decode(Path file) {
        checkReadable(file);
        FfmpegRuntime.initialise();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setSampleFormat(AV_SAMPLE_FMT_FLT);
            try {
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                throw new MediaException("Cannot open audio file " + file + ": FFmpeg does not recognise it as a media"
                        + " file (" + FfmpegErrors.describe(e) + "). Supported: MP3, WAV, FLAC, OGG/Opus, M4A/AAC.", e);
            }
            if (!grabber.hasAudio() || grabber.getAudioChannels() <= 0) {
                throw new MediaException("File " + file + " contains no audio stream"
                        + (grabber.hasVideo() ? " (it is a video without sound)" : "") + ". Give a file with speech audio.");
            }
            int rate = grabber.getSampleRate();
            int channels = grabber.getAudioChannels();
            float[] samples = readAll(grabber, file);
            if (samples.length < channels) {
                throw new MediaException("Audio file " + file + " decodes to no samples; it is empty or corrupt.");
            }
            samples = Arrays.copyOf(samples, samples.length - samples.length % channels);
            PcmAudio audio = PcmAudio.of(samples, rate, channels);
            checkContent(file, audio, samples);
            LOG.debug("{}: {}", file, audio);
            return audio;
        } catch (FrameGrabber.Exception e) {
            throw new MediaException("Cannot decode audio file " + file + ": " + FfmpegErrors.describe(e), e);
        }
    }

    private static void checkReadable(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MediaException("Audio file " + file + " does not exist or is not a regular file.");
        }
        try {
            if (Files.size(file) == 0) {
                throw new MediaException("Audio file " + file + " is empty (0 bytes).");
            }
        } catch (IOException e) {
            throw new MediaException("Cannot read audio file " + file + ": " + e.getMessage(), e);
        }
    }

    private static float[] readAll(FFmpegFrameGrabber grabber, Path file) throws FrameGrabber.Exception {
        float[] all = new float[1 << 16];
        int size = 0;
        Frame frame;
        while ((frame = grabber.grabSamples()) != null) {
            if (frame.samples == null || frame.samples.length == 0) {
                continue;
            }
            FloatBuffer buf = (FloatBuffer) frame.samples[0];
            int n = buf.remaining();
            if (n == 0) {
                continue;
            }
            if (size + n > all.length) {
                all = Arrays.copyOf(all, Math.max(all.length * 2, size + n));
            }
            buf.get(all, size, n);
            size += n;
        }
        return Arrays.copyOf(all, size);
    }

    private static void checkContent(Path file, PcmAudio audio, float[] samples) {
        float peak = 0;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        if (peak < SILENCE_PEAK) {
            throw new MediaException("Audio file " + file + " is silent (peak " + peak + "); V-Express needs speech"
                    + " to drive the face.");
        }
    }
}
