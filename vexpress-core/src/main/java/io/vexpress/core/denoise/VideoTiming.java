package io.vexpress.core.denoise;

import io.vexpress.InvalidInputException;

/**
 * How many frames V-Express generates for an audio clip, and at what frame rate they must be played so the
 * video lasts exactly as long as the audio.
 *
 * <p>As the reference: {@code init = int(duration * fps)}, the number of windows
 * {@code num = (init - size) // (size - overlap) + 1}, {@code frames = (num - 1) * (size - overlap) + size}
 * (so the windows tile the video exactly), and {@code fps = frames / duration}. When the audio is shorter
 * than one window ({@code init < size}) inference.py fails (its list of windows is empty, so
 * {@code context_indices[-1]} raises IndexError); here the video is then one window of all {@code init} frames
 * (at least one).
 *
 * @param frames number of video frames to generate
 * @param fps playback frame rate that makes the video last {@code duration} seconds
 */
public record VideoTiming(int frames, double fps) {

    /**
     * @param durationSeconds audio duration (samples / sample rate)
     * @param requestedFps the requested frame rate
     * @param contextFrames context window size
     * @param contextOverlap frames shared by consecutive windows
     */
    public static VideoTiming of(double durationSeconds, double requestedFps, int contextFrames, int contextOverlap) {
        if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
            throw new InvalidInputException("The audio must last longer than 0 seconds, got " + durationSeconds
                    + " s. Use an audio file with speech in it.");
        }
        if (!(requestedFps > 0) || Double.isInfinite(requestedFps)) {
            throw new InvalidInputException("fps must be a positive number, got " + requestedFps);
        }
        if (contextFrames < 1 || contextOverlap < 0 || contextOverlap >= contextFrames) {
            throw new InvalidInputException("Context windows need frames >= 1 and 0 <= overlap < frames, got frames "
                    + contextFrames + " and overlap " + contextOverlap + ". Defaults: 24 and 4.");
        }
        long init = (long) (durationSeconds * requestedFps); // Python int() truncates toward zero
        long frames;
        if (init < contextFrames) {
            frames = Math.max(1, init);
        } else {
            int stride = contextFrames - contextOverlap;
            long num = Math.floorDiv(init - contextFrames, (long) stride) + 1;
            frames = (num - 1) * stride + contextFrames;
        }
        if (frames > Integer.MAX_VALUE) {
            throw new InvalidInputException("The audio is too long (" + durationSeconds + " s) for " + requestedFps
                    + " fps; split it into shorter clips.");
        }
        return new VideoTiming((int) frames, frames / durationSeconds);
    }
}
