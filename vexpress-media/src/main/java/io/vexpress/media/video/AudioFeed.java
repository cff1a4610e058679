package io.vexpress.media.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;

import io.vexpress.media.ffmpeg.FfmpegErrors;
import io.vexpress.MediaException;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.VideoFormat;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/** Interleaved float audio pulled on demand for muxing, from decoded PCM or streamed from a file. */
abstract class AudioFeed implements AutoCloseable {
    private int sampleRate;
    private int channels;

    /** Set once the source is open. */
    final void describe(int sampleRate, int channels) {
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    final int sampleRate() {
        return sampleRate;
    }

    final int channels() {
        return channels;
    }

    /** Reads up to {@code maxFrames} frames into {@code target}; returns the frames read, 0 at the end. */
    abstract int read(float[] target, int maxFrames);

    @Override
    public void close() {
    }

    /** The feed for the format's audio (file first, then PCM), if it has any. */
    static Optional<AudioFeed> of(VideoFormat format) {
        if (format.audioFile().isPresent()) {
            return Optional.of(new FileFeed(format.audioFile().get()));
        }
        return format.audio().map(PcmFeed::new);
    }

    /** Audio already in memory. */
    private static final class PcmFeed extends AudioFeed {
        private final float[] samples;
        private int position;

        PcmFeed(PcmAudio audio) {
            this.samples = audio.toInterleavedArray();
            describe(audio.sampleRate(), audio.channels());
        }

        @Override
        int read(float[] target, int maxFrames) {
            int n = Math.min(maxFrames * channels(), samples.length - position);
            System.arraycopy(samples, position, target, 0, n);
            position += n;
            return n / channels();
        }
    }

    /** Streams and decodes an audio file (any FFmpeg format), keeping its rate and channels. */
    private static final class FileFeed extends AudioFeed {
        private final Path file;
        private final FFmpegFrameGrabber grabber;
        private FloatBuffer pending;

        FileFeed(Path file) {
            this.file = file;
            this.grabber = new FFmpegFrameGrabber(file.toFile());
            try {
                grabber.setSampleFormat(AV_SAMPLE_FMT_FLT);
                grabber.start();
                if (!grabber.hasAudio() || grabber.getAudioChannels() <= 0) {
                    throw new MediaException("Audio file " + file + " to mux has no audio stream.");
                }
                describe(grabber.getSampleRate(), grabber.getAudioChannels());
            } catch (FrameGrabber.Exception | RuntimeException e) {
                close();
                if (e instanceof MediaException me) {
                    throw me;
                }
                throw new MediaException("Cannot open audio file " + file + " to mux: " + FfmpegErrors.describe(e), e);
            }
        }

        @Override
        int read(float[] target, int maxFrames) {
            int want = maxFrames * channels();
            int got = 0;
            try {
                while (got < want) {
                    if (pending == null || !pending.hasRemaining()) {
                        Frame frame = grabber.grabSamples();
                        if (frame == null) {
                            break;
                        }
                        pending = frame.samples == null ? null : (FloatBuffer) frame.samples[0];
                        continue;
                    }
                    int n = Math.min(want - got, pending.remaining());
                    pending.get(target, got, n);
                    got += n;
                }
            } catch (FrameGrabber.Exception e) {
                throw new MediaException("Cannot decode audio file " + file + " while muxing: " + FfmpegErrors.describe(e), e);
            }
            return got / channels();
        }

        @Override
        public void close() {
            try {
                grabber.close();
            } catch (FrameGrabber.Exception ignored) {
                // Releasing a read-only input cannot lose data.
            }
        }
    }
}
