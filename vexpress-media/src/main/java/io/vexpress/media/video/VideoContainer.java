package io.vexpress.media.video;

import io.vexpress.InvalidInputException;
import io.vexpress.Setting;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The container a video file is written in, chosen by its extension as the ffmpeg command line does. Each holds
 * H.264 video and AAC audio. Other extensions, and names without one, are refused rather than written as MP4 under
 * a misleading name.
 */
public enum VideoContainer {
    /** MPEG-4 Part 14, {@code .mp4} or {@code .m4v}. */
    MP4("mp4", "mp4", "m4v"),
    /** QuickTime, {@code .mov}. */
    MOV("mov", "mov"),
    /** Matroska, {@code .mkv}. */
    MKV("matroska", "mkv"),
    /** AVI, {@code .avi} (H.264 and AAC in AVI play in ffmpeg-based players such as VLC and mpv). */
    AVI("avi", "avi");

    private final String muxer;
    private final String[] extensions;

    VideoContainer(String muxer, String... extensions) {
        this.muxer = muxer;
        this.extensions = extensions;
    }

    /** FFmpeg's muxer name. */
    public String muxer() {
        return muxer;
    }

    /**
     * The container for {@code file}'s extension.
     *
     * @throws InvalidInputException ({@link Setting#OUTPUT}) for a name without an extension or with one no container
     *     here writes, naming the ones that work
     */
    public static VideoContainer forFile(Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString();
        int dot = text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new InvalidInputException(Setting.OUTPUT, "Output file " + file + " has no extension, so its container"
                    + " is unknown; name it .mp4 (or .mov, .mkv, .avi) in {OUTPUT}.");
        }
        String ext = text.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (VideoContainer c : values()) {
            for (String e : c.extensions) {
                if (e.equals(ext)) {
                    return c;
                }
            }
        }
        throw new InvalidInputException(Setting.OUTPUT, "Cannot write " + file + ": ." + ext + " is not a video"
                + " container this encoder writes (H.264 + AAC); name it .mp4, .m4v, .mov, .mkv or .avi in {OUTPUT}.");
    }
}
