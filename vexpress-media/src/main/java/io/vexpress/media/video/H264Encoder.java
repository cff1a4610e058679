package io.vexpress.media.video;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;

import io.vexpress.MediaException;
import io.vexpress.media.ffmpeg.FfmpegRuntime;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which FFmpeg H.264 encoder writes MP4 files, chosen by what the FFmpeg natives on the class path contain.
 *
 * <ul>
 *   <li>{@code libx264} (High profile, CRF rate control): present only in the GPL natives, i.e. when built with
 *       {@code mvn -Pgpl} (FFmpeg classifier {@code linux-x86_64-gpl}). Preferred when present.
 *   <li>{@code libopenh264} (Constrained Baseline, bitrate control): the only H.264 encoder in the default LGPL
 *       natives.
 * </ul>
 * The choice is made by looking the encoder up by name, never by asking FFmpeg for "libx264" and hoping: an
 * LGPL build would silently fall back to openh264. Force one with {@code -Dvexpress.h264.encoder=libopenh264}
 * (or any FFmpeg H.264 encoder name); a forced encoder that is missing is an error, not a fallback.
 */
public enum H264Encoder {
    /** x264 (GPL natives): High profile, constant-quality {@code crf}. */
    LIBX264("libx264"),
    /** Cisco's OpenH264 (LGPL natives): Constrained Baseline, target bitrate. */
    LIBOPENH264("libopenh264");

    /** System property that forces an encoder by FFmpeg name. */
    public static final String PROPERTY = "vexpress.h264.encoder";

    private static final Logger LOG = LoggerFactory.getLogger(H264Encoder.class);
    private static volatile H264Encoder detected;

    private final String ffmpegName;

    H264Encoder(String ffmpegName) {
        this.ffmpegName = ffmpegName;
    }

    /**
     * The largest frame area it encodes: OpenH264 refuses more than 36864 16x16 macroblocks (9,437,184 pixels
     * with the sides rounded up to multiples of 16, e.g. 4096x2304), x264 has no practical limit.
     */
    public long maxFramePixels() {
        return this == LIBOPENH264 ? 9_437_184L : Long.MAX_VALUE;
    }

    /** Whether a frame of this size is within {@link #maxFramePixels()} (for OpenH264 after macroblock padding). */
    public boolean fits(int width, int height) {
        if (this != LIBOPENH264) {
            return true;
        }
        return (long) ((width + 15) / 16 * 16) * ((height + 15) / 16 * 16) <= maxFramePixels();
    }

    /** The FFmpeg encoder name. */
    public String ffmpegName() {
        return ffmpegName;
    }

    /** Whether the FFmpeg natives on the class path contain this encoder. */
    public boolean isAvailable() {
        FfmpegRuntime.initialise();
        AVCodec codec = avcodec_find_encoder_by_name(ffmpegName);
        return codec != null && !codec.isNull();
    }

    /**
     * The encoder to use: the one forced with {@value #PROPERTY}, else libx264 when available, else libopenh264.
     *
     * @throws MediaException when the forced encoder or every H.264 encoder is missing
     */
    public static H264Encoder select() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            for (H264Encoder e : values()) {
                if (e.ffmpegName.equals(forced.trim())) {
                    if (!e.isAvailable()) {
                        throw new MediaException("-D" + PROPERTY + "=" + forced + " asks for an H.264 encoder that these FFmpeg"
                                + " natives lack. libx264 needs the GPL natives (build with -Pgpl); libopenh264 is in both.");
                    }
                    return e;
                }
            }
            throw new MediaException("-D" + PROPERTY + "=" + forced + " is not supported; use one of "
                    + List.of(LIBX264.ffmpegName, LIBOPENH264.ffmpegName) + ".");
        }
        H264Encoder cached = detected;
        if (cached == null) {
            cached = LIBX264.isAvailable() ? LIBX264 : LIBOPENH264.isAvailable() ? LIBOPENH264 : null;
            if (cached == null) {
                throw new MediaException("The FFmpeg natives on the class path contain no H.264 encoder (neither libx264"
                        + " nor libopenh264). Use the org.bytedeco:ffmpeg linux-x86_64 or linux-x86_64-gpl classifier.");
            }
            LOG.info("H.264 encoder: {} ({})", cached.ffmpegName,
                    cached == LIBX264 ? "GPL FFmpeg natives, High profile" : "LGPL FFmpeg natives, Constrained Baseline;"
                            + " build with -Pgpl for libx264");
            detected = cached;
        }
        return cached;
    }
}
