package io.vexpress.media.video;

import io.vexpress.InvalidInputException;
import io.vexpress.media.FrameSink;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import io.vexpress.media.files.OutputFiles;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes a video file: H.264 video in yuv420p (encoder per {@link H264Encoder#select()}) at the format's exact
 * frame rate, plus the format's audio (file or PCM) re-encoded to AAC and trimmed to the video's duration. The
 * container follows the extension ({@link VideoContainer}): MP4 for {@code .mp4}/{@code .m4v}, and also
 * {@code .mov}, {@code .mkv}, {@code .avi}; any other name is refused by the constructor.
 * The file is written under a temporary name in the target folder and renamed into place by
 * {@link FrameSink#commit()}; a sink closed without a commit deletes it. {@link #checkWritable()} checks the
 * folder before the work that produces the frames starts.
 *
 * <p>Frame sizes must be even (a yuv420p requirement). Immutable; the {@code with...} methods return copies:
 * <pre>{@code
 * VideoOutput out = new Mp4Output(Path.of("talk.mp4")).withQuality(20);
 * }</pre>
 */
public final class Mp4Output implements VideoOutput {
    /** Default constant-quality value (x264 CRF scale): 18 is visually lossless for talking heads. */
    public static final int DEFAULT_QUALITY = 18;
    /** Default AAC bitrate in bits per second. */
    public static final int DEFAULT_AUDIO_BITRATE = 128_000;

    private final Path file;
    private final VideoContainer container;
    private final int quality;
    private final int videoBitrate;
    private final int audioBitrate;

    /**
     * An output with the defaults (quality 18, AAC 128 kbit/s), in the container the extension names.
     *
     * @throws InvalidInputException for a name without a video extension this class writes
     */
    public Mp4Output(Path file) {
        this(file, DEFAULT_QUALITY, 0, DEFAULT_AUDIO_BITRATE);
    }

    private Mp4Output(Path file, int quality, int videoBitrate, int audioBitrate) {
        this.file = Objects.requireNonNull(file, "file");
        this.container = VideoContainer.forFile(file);
        this.quality = quality;
        this.videoBitrate = videoBitrate;
        this.audioBitrate = audioBitrate;
    }

    /**
     * Quality on x264's CRF scale, 0 (best, largest) to 51 (worst); lower is better, +6 halves the size.
     * libx264 uses it as {@code -crf}; libopenh264, which has no CRF, gets a bitrate derived from it, the
     * frame size and the frame rate (about 0.15 bit per pixel at 18).
     */
    public Mp4Output withQuality(int crf) {
        if (crf < 0 || crf > 51) {
            throw new InvalidInputException("MP4 quality must be 0..51 (x264 CRF scale, lower is better), got " + crf + ".");
        }
        return new Mp4Output(file, crf, videoBitrate, audioBitrate);
    }

    /** A fixed video bitrate in bits per second instead of the quality setting (0 = use the quality). */
    public Mp4Output withVideoBitrate(int bitsPerSecond) {
        if (bitsPerSecond < 0) {
            throw new InvalidInputException("Video bitrate must be >= 0, got " + bitsPerSecond + ".");
        }
        return new Mp4Output(file, quality, bitsPerSecond, audioBitrate);
    }

    /** The AAC bitrate in bits per second. */
    public Mp4Output withAudioBitrate(int bitsPerSecond) {
        if (bitsPerSecond <= 0) {
            throw new InvalidInputException("Audio bitrate must be positive, got " + bitsPerSecond + ".");
        }
        return new Mp4Output(file, quality, videoBitrate, bitsPerSecond);
    }

    public Path file() {
        return file;
    }

    public int quality() {
        return quality;
    }

    /** The container written, from the file's extension. */
    public VideoContainer container() {
        return container;
    }

    /** Creates the missing folders and makes and deletes a temporary file in the target folder. */
    @Override
    public void checkWritable() {
        OutputFiles.checkWritable(file, false);
    }

    /**
     * @throws InvalidInputException for odd frame sizes, or frames under 16x16 with libopenh264
     * @throws io.vexpress.MediaException when the encoder or the file cannot be opened
     */
    @Override
    public FrameSink open(VideoFormat format) {
        if (format.width() % 2 != 0 || format.height() % 2 != 0) {
            throw new InvalidInputException("MP4 (H.264, yuv420p) needs an even frame size, got " + format.width() + "x"
                    + format.height() + ". Choose an even width and height.");
        }
        H264Encoder encoder = H264Encoder.select();
        if (encoder == H264Encoder.LIBOPENH264 && (format.width() < 16 || format.height() < 16)) {
            throw new InvalidInputException("libopenh264 cannot encode frames smaller than 16x16, got " + format.width() + "x"
                    + format.height() + ". Use a larger size, or libx264 (build with -Pgpl).");
        }
        if (!encoder.fits(format.width(), format.height())) {
            throw new InvalidInputException("libopenh264 encodes frames of at most " + encoder.maxFramePixels() + " pixels"
                    + " counted in whole 16x16 blocks (e.g. 4096x2304), got " + format.width() + "x" + format.height()
                    + ". Use a smaller size, or libx264 (build with -Pgpl).");
        }
        return new Mp4FrameSink(file, container, format, encoder, quality, videoBitrate, audioBitrate);
    }

    @Override
    public String describe() {
        return container + " " + file;
    }
}
