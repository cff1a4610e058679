package io.vexpress.media.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;

import io.vexpress.media.ffmpeg.FfmpegErrors;
import io.vexpress.InvalidInputException;
import io.vexpress.MediaException;
import io.vexpress.Setting;
import io.vexpress.media.RgbImage;
import io.vexpress.media.ffmpeg.FfmpegRuntime;
import io.vexpress.media.ffmpeg.RgbFrames;
import io.vexpress.media.files.AtomicTarget;
import io.vexpress.media.files.OutputFiles;
import io.vexpress.media.image.ExifOrientation;
import io.vexpress.spi.VideoDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/**
 * The built-in {@link VideoDecoder}: reads MP4, MOV, WebM, MKV, AVI... frame by frame as RGB through FFmpeg,
 * turned upright per the stream's display rotation (phone videos) as the ffmpeg command line and OpenCV's
 * {@code VideoCapture} do, and extracts the audio track to a file whose format follows its extension ({@code .wav} PCM 16-bit,
 * {@code .mp3}, {@code .m4a}/{@code .aac} AAC, {@code .flac}, {@code .ogg}/{@code .opus}), written atomically.
 */
public final class FfmpegVideoDecoder implements VideoDecoder {

    @Override
    public Reader open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MediaException("Video file " + file + " does not exist or is not a regular file.");
        }
        try {
            if (Files.size(file) == 0) {
                throw new MediaException("Video file " + file + " is empty (0 bytes); give a video of a talking face.");
            }
        } catch (java.io.IOException e) {
            throw new MediaException("Cannot read video file " + file + ": " + e.getMessage(), e);
        }
        FfmpegRuntime.initialise();
        return new FfmpegReader(file);
    }

    private static final class FfmpegReader implements Reader {
        private final Path file;
        private final FFmpegFrameGrabber grabber;
        /** EXIF-style orientation that turns decoded frames upright (1 = none). */
        private final int orientation;
        private boolean closed;

        FfmpegReader(Path file) {
            this.file = file;
            this.grabber = new FFmpegFrameGrabber(file.toFile());
            try {
                grabber.setPixelFormat(AV_PIX_FMT_RGB24);
                grabber.start();
            } catch (FrameGrabber.Exception e) {
                close();
                throw new MediaException("Cannot open video " + file + ": " + FfmpegErrors.describe(e)
                        + ". Supported: MP4, MOV, WebM, MKV and other containers FFmpeg reads.", e);
            }
            if (!grabber.hasVideo()) {
                close();
                throw new MediaException("File " + file + " contains no video stream.");
            }
            this.orientation = orientationOf(grabber.getDisplayRotation());
        }

        /**
         * The ffmpeg CLI's autorotation: {@code theta = -av_display_rotation_get(matrix)} degrees clockwise,
         * 90 = transpose clockwise, 180 = flip both ways, 270 = transpose counter-clockwise.
         */
        static int orientationOf(double displayRotation) {
            double theta = -displayRotation;
            theta -= 360 * Math.floor(theta / 360 + 0.9 / 360);
            if (Math.abs(theta - 90) < 1) {
                return 6;
            }
            if (Math.abs(theta - 180) < 1) {
                return 3;
            }
            if (Math.abs(theta - 270) < 1) {
                return 8;
            }
            return 1;
        }

        @Override
        public double fps() {
            double fps = grabber.getVideoFrameRate();
            return fps > 0 ? fps : grabber.getFrameRate();
        }

        @Override
        public int frameCount() {
            AVStream stream = grabber.getFormatContext().streams(grabber.getVideoStream());
            long n = stream.nb_frames();
            return n > 0 && n <= Integer.MAX_VALUE ? (int) n : -1;
        }

        @Override
        public RgbImage nextFrame() {
            try {
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    return null;
                }
                return ExifOrientation.apply(RgbFrames.toRgbImage(frame), orientation);
            } catch (FrameGrabber.Exception e) {
                throw new MediaException("Cannot decode the next frame of " + file + ": " + FfmpegErrors.describe(e), e);
            }
        }

        @Override
        public void extractAudio(Path target) {
            AudioExtraction.extract(file, target);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                grabber.close();
            } catch (FrameGrabber.Exception ignored) {
                // Read-only input: nothing to lose.
            }
        }
    }

    /**
     * Checks, before the work that extracts it, that {@code target}'s extension names an audio format the extraction
     * writes and that its folder takes a new file.
     *
     * @throws io.vexpress.InvalidInputException naming the problem
     */
    public static void checkAudioTarget(Path target) {
        AudioExtraction.container(target);
        OutputFiles.checkWritable(target, false);
    }

    /** Decodes the audio of a media file and re-encodes it into a file chosen by extension. */
    static final class AudioExtraction {
        private AudioExtraction() {
        }

        /** FFmpeg's muxer for the extension of {@code target}. */
        static String container(Path target) {
            String name = target.getFileName() == null ? "" : target.getFileName().toString().toLowerCase(Locale.ROOT);
            String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
            return switch (ext) {
                case "wav" -> "wav";
                case "mp3" -> "mp3";
                case "m4a", "aac" -> "ipod";
                case "flac" -> "flac";
                case "ogg" -> "ogg";
                case "opus" -> "opus";
                default -> throw new InvalidInputException(Setting.OUTPUT, "Cannot write audio to " + target
                        + ": use a .wav, .mp3, .m4a, .flac, .ogg or .opus name for {OUTPUT}.");
            };
        }

        static void extract(Path source, Path target) {
            FfmpegRuntime.initialise();
            String container = container(target);
            String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
            String ext = name.substring(name.lastIndexOf('.') + 1);
            AtomicTarget out = AtomicTarget.create(target, false);
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(source.toFile())) {
                grabber.setSampleFormat(AV_SAMPLE_FMT_FLT);
                grabber.start();
                if (!grabber.hasAudio() || grabber.getAudioChannels() <= 0) {
                    throw new MediaException("Video " + source + " has no audio track to extract.");
                }
                int rate = grabber.getSampleRate();
                int channels = grabber.getAudioChannels();
                try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.temp().toFile(), channels)) {
                    recorder.setFormat(container);
                    recorder.setSampleRate(rate);
                    recorder.setAudioChannels(channels);
                    if (ext.equals("ogg")) {
                        recorder.setAudioCodecName("libvorbis");
                    } else if (ext.equals("opus")) {
                        recorder.setAudioCodecName("libopus");
                        recorder.setSampleRate(48000); // the only input rate libopus takes without resampling artefacts
                    }
                    recorder.start();
                    FloatBuffer direct = null;
                    Frame frame;
                    while ((frame = grabber.grabSamples()) != null) {
                        if (frame.samples == null) {
                            continue;
                        }
                        FloatBuffer samples = (FloatBuffer) frame.samples[0];
                        if (direct == null || direct.capacity() < samples.remaining()) {
                            direct = ByteBuffer.allocateDirect(samples.remaining() * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
                        }
                        direct.clear();
                        direct.put(samples).flip();
                        recorder.recordSamples(rate, channels, direct);
                    }
                    recorder.stop();
                }
                out.commit();
            } catch (FrameGrabber.Exception | FrameRecorder.Exception | RuntimeException e) {
                out.discard();
                if (e instanceof MediaException me) {
                    throw me;
                }
                throw new MediaException("Cannot extract the audio of " + source + " to " + target + ": " + FfmpegErrors.describe(e), e);
            }
        }
    }
}
