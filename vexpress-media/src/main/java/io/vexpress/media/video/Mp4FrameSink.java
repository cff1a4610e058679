package io.vexpress.media.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import io.vexpress.media.ffmpeg.FfmpegErrors;
import io.vexpress.InvalidInputException;
import io.vexpress.MediaException;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.ffmpeg.FfmpegRuntime;
import io.vexpress.media.files.AtomicTarget;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams frames into a video file (MP4 or another {@link VideoContainer}) through FFmpeg. Audio is interleaved with the video as frames arrive (so the
 * muxer never buffers a whole track) and stops at the video's duration, as ffmpeg's {@code -shortest} does
 * when the audio is the longer stream. A video longer than its audio keeps all its frames.
 */
final class Mp4FrameSink implements FrameSink {
    private static final Logger LOG = LoggerFactory.getLogger(Mp4FrameSink.class);
    private static final int AUDIO_CHUNK_FRAMES = 4096;

    private final AtomicTarget target;
    private final VideoFormat format;
    private final FFmpegFrameRecorder recorder;
    private final Optional<AudioFeed> audio;
    private final ByteBuffer image;
    private byte[] rgb; // only for write(RgbImage), which cannot hand its pixels over without a copy
    private float[] audioChunk;
    private FloatBuffer audioBuffer;
    private long audioWritten;
    private boolean audioDone;
    private int framesWritten;
    private boolean committed;
    private boolean closed;

    Mp4FrameSink(Path file, VideoContainer container, VideoFormat format, H264Encoder encoder, int quality, int videoBitrate,
                 int audioBitrate) {
        FfmpegRuntime.initialise();
        this.format = format;
        this.target = AtomicTarget.create(file, false);
        this.image = ByteBuffer.allocateDirect(format.width() * format.height() * 3);
        Optional<AudioFeed> feed = Optional.empty();
        FFmpegFrameRecorder rec = null;
        try {
            feed = AudioFeed.of(format);
            rec = new FFmpegFrameRecorder(target.temp().toFile(), format.width(), format.height(),
                    feed.map(AudioFeed::channels).orElse(0));
            rec.setFormat(container.muxer());
            rec.setVideoCodecName(encoder.ffmpegName());
            rec.setPixelFormat(AV_PIX_FMT_YUV420P);
            rec.setFrameRate(format.fps());
            if (videoBitrate > 0) {
                rec.setVideoBitrate(videoBitrate);
            } else if (encoder == H264Encoder.LIBX264) {
                rec.setVideoOption("crf", Integer.toString(quality));
                rec.setVideoOption("preset", "medium");
            } else {
                rec.setVideoBitrate(openH264Bitrate(format, quality));
            }
            if (feed.isPresent()) {
                rec.setAudioCodec(AV_CODEC_ID_AAC);
                rec.setAudioBitrate(audioBitrate);
                rec.setSampleRate(feed.get().sampleRate());
                rec.setAudioChannels(feed.get().channels());
                this.audioChunk = new float[AUDIO_CHUNK_FRAMES * feed.get().channels()];
                this.audioBuffer = ByteBuffer.allocateDirect(audioChunk.length * 4).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
            }
            rec.start();
        } catch (FrameRecorder.Exception | RuntimeException | Error e) {
            // Errors too (JavaCPP's OutOfMemoryError): the temporary file must not outlive a failed start
            release(rec);
            feed.ifPresent(AudioFeed::close);
            target.discard();
            if (e instanceof Error err) {
                throw err;
            }
            if (e instanceof MediaException me) {
                throw me;
            }
            throw new MediaException("Cannot start the MP4 encoder (" + encoder.ffmpegName() + ") for " + file + ": "
                    + FfmpegErrors.describe(e), e);
        }
        this.recorder = rec;
        this.audio = feed;
        LOG.debug("Writing {} ({}x{} @ {} fps, {}, audio: {})", file, format.width(), format.height(), format.fps(),
                encoder.ffmpegName(), audio.isPresent() ? "AAC" : "none");
    }

    /** Bits per second for openh264 from the CRF-scale quality: 0.15 bit/pixel at 18, doubling every 6 steps down. */
    static int openH264Bitrate(VideoFormat format, int quality) {
        double bitsPerPixel = 0.15 * Math.pow(2, (18 - quality) / 6.0);
        double bps = bitsPerPixel * format.width() * format.height() * format.fps();
        return (int) Math.max(20_000, Math.min(200_000_000, bps));
    }

    @Override
    public void write(RgbImage frame) {
        ensureOpen();
        checkSize(frame.width(), frame.height());
        if (rgb == null) {
            rgb = new byte[format.width() * format.height() * 3];
        }
        frame.copyRgbBytes(rgb, 0);
        encode(rgb);
    }

    @Override
    public void writeRgb(int width, int height, byte[] pixels) {
        ensureOpen();
        checkSize(width, height);
        if (pixels.length != width * height * 3) {
            throw new InvalidInputException("Frame " + (framesWritten + 1) + " has " + pixels.length + " bytes; "
                    + width + "x" + height + " RGB needs " + (width * height * 3) + ".");
        }
        encode(pixels);
    }

    private void checkSize(int width, int height) {
        if (width != format.width() || height != format.height()) {
            throw new InvalidInputException("Frame " + (framesWritten + 1) + " is " + width + "x" + height
                    + " but the video is " + format.width() + "x" + format.height() + ".");
        }
    }

    private void encode(byte[] pixels) {
        image.clear();
        image.put(pixels).flip();
        try {
            recorder.recordImage(format.width(), format.height(), Frame.DEPTH_UBYTE, 3, format.width() * 3,
                    AV_PIX_FMT_RGB24, image);
        } catch (FrameRecorder.Exception e) {
            throw new MediaException("Encoding frame " + (framesWritten + 1) + " of " + target.target() + " failed: "
                    + FfmpegErrors.describe(e), e);
        }
        framesWritten++;
        writeAudioUntil(framesWritten);
    }

    /** Muxes audio up to the end time of {@code frames} video frames. */
    private void writeAudioUntil(int frames) {
        if (audio.isEmpty() || audioDone) {
            return;
        }
        AudioFeed feed = audio.get();
        long until = Math.round(frames / format.fps() * feed.sampleRate());
        try {
            while (audioWritten < until) {
                int want = (int) Math.min(AUDIO_CHUNK_FRAMES, until - audioWritten);
                int got = feed.read(audioChunk, want);
                if (got == 0) {
                    audioDone = true;
                    return;
                }
                audioBuffer.clear();
                audioBuffer.put(audioChunk, 0, got * feed.channels()).flip();
                recorder.recordSamples(feed.sampleRate(), feed.channels(), audioBuffer);
                audioWritten += got;
            }
        } catch (FrameRecorder.Exception e) {
            throw new MediaException("Encoding the audio of " + target.target() + " failed: " + FfmpegErrors.describe(e), e);
        }
    }

    @Override
    public void commit() {
        ensureOpen();
        if (framesWritten == 0) {
            throw new MediaException("No frames were written to " + target.target() + "; an empty video cannot be committed.");
        }
        if (format.frameCount() > 0 && framesWritten != format.frameCount()) {
            LOG.warn("{}: {} frames written, {} announced", target.target(), framesWritten, format.frameCount());
        }
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new MediaException("Finishing " + target.target() + " failed: " + FfmpegErrors.describe(e), e);
        }
        release(recorder);
        audio.ifPresent(AudioFeed::close);
        target.commit();
        committed = true;
        LOG.info("Wrote {} ({} frames, {}x{} @ {} fps{})", target.target(), framesWritten, format.width(), format.height(),
                String.format("%.4f", format.fps()), audio.isPresent() ? ", AAC audio" : "");
    }

    private void ensureOpen() {
        if (closed || committed) {
            throw new IllegalStateException("This MP4 sink is already " + (committed ? "committed" : "closed") + ".");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!committed) {
            release(recorder);
            audio.ifPresent(AudioFeed::close);
            target.discard();
        }
    }

    private static void release(FFmpegFrameRecorder rec) {
        if (rec == null) {
            return;
        }
        try {
            rec.release();
        } catch (FrameRecorder.Exception ignored) {
            // Nothing to save: the output is being discarded or was already finished.
        }
    }
}
