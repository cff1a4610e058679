package io.vexpress.media;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@link FrameSink} is about to receive.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps exact frame rate; V-Express derives it as frames / audio duration, so it is often fractional
 * @param frameCount number of frames that will be written
 * @param audioFile the audio to mux (re-encoded to AAC, trimmed to the video), if the input came from a file
 * @param audio the decoded audio to mux when there is no file (PCM input), else empty
 */
public record VideoFormat(int width, int height, double fps, int frameCount, Optional<Path> audioFile, Optional<PcmAudio> audio) {

    /** Checks the values. */
    public VideoFormat {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("video size must be positive: " + width + "x" + height);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be positive and finite: " + fps);
        }
        if (frameCount < 0) {
            throw new IllegalArgumentException("frameCount must be >= 0: " + frameCount);
        }
        audioFile = audioFile == null ? Optional.empty() : audioFile;
        audio = audio == null ? Optional.empty() : audio;
    }

    /** A silent format. */
    public static VideoFormat silent(int width, int height, double fps, int frameCount) {
        return new VideoFormat(width, height, fps, frameCount, Optional.empty(), Optional.empty());
    }
}
