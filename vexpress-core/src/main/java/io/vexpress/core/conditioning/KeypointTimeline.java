package io.vexpress.core.conditioning;

import io.vexpress.GenerationRequest;
import io.vexpress.InvalidInputException;
import io.vexpress.KeypointTiming;
import io.vexpress.core.denoise.VideoTiming;
import io.vexpress.keypoints.KeypointSequence;

/**
 * Lays a driving keypoint sequence over the video's frames ({@link KeypointTiming}).
 *
 * <p>{@link KeypointTiming#STRETCH} is V-Express's {@link KeypointAligner}. The other modes play the sequence at
 * its own frame rate: video frame {@code i} shows sequence position {@code p = i * kpsFps / videoFps}, mixing the
 * two neighbouring sequence frames linearly when {@code p} falls between them. When the sequence reaches
 * every position the video needs ({@code p <= frames - 1} for the last video frame) it is simply cut, as
 * V-Express cuts a longer sequence; otherwise
 * <ul>
 *   <li>{@link KeypointTiming#LOOP} repeats it with a period of {@code n - B} sequence frames: every repetition
 *       after the first begins with a cross-fade of {@code B} frames from the tail ({@code n - B .. n}) into the
 *       head ({@code 0 .. B}), so the position is continuous at the seam; the first pass starts on frame 0 as
 *       the sequence does (retargeting measures the motion from it);
 *   <li>{@link KeypointTiming#PING_PONG} reflects it: forwards, backwards, forwards, with period
 *       {@code 2 (n - 1)}.
 * </ul>
 */
public final class KeypointTimeline {
    /** How long the LOOP seam's cross-fade lasts, in seconds of the sequence (6 frames at 30 fps). */
    public static final double SEAM_SECONDS = 0.2;

    private KeypointTimeline() {
    }

    /** The request's timing applied to {@code driving} for a video of {@code video}'s frames and rate. */
    public static KeypointSequence fit(KeypointSequence driving, VideoTiming video, GenerationRequest request) {
        double kpsFps = request.keypointFps().orElse(video.fps());
        return fit(driving, video.frames(), video.fps(), request.keypointTiming(), kpsFps);
    }

    /**
     * @param driving the driving sequence, any length
     * @param frames the video's frame count, at least 1
     * @param videoFps the video's exact frame rate
     * @param timing how to lay the sequence over the video
     * @param kpsFps the sequence's own frame rate (ignored by STRETCH)
     * @return exactly {@code frames} faces
     */
    public static KeypointSequence fit(KeypointSequence driving, int frames, double videoFps, KeypointTiming timing,
                                       double kpsFps) {
        if (driving == null) {
            throw new InvalidInputException("No keypoint sequence to lay over the video; give a driving sequence (kps.pth).");
        }
        if (frames < 1) {
            throw new InvalidInputException("Video length must be at least 1 frame, got " + frames + ".");
        }
        if (timing == KeypointTiming.STRETCH) {
            return KeypointAligner.align(driving, frames);
        }
        if (!(videoFps > 0) || !(kpsFps > 0) || Double.isInfinite(videoFps) || Double.isInfinite(kpsFps)) {
            throw new InvalidInputException("Frame rates must be finite and > 0, got video " + videoFps + " and keypoints " + kpsFps + ".");
        }
        int n = driving.frameCount();
        float[] src = driving.toArray();
        float[] out = new float[frames * 6];
        double step = kpsFps / videoFps;
        boolean covers = (frames - 1) * step <= n - 1 + 1e-9;
        int blend = seamFrames(n, kpsFps);
        for (int i = 0; i < frames; i++) {
            double p = i * step;
            if (covers || n == 1) {
                sample(src, n, p, 1.0, 0, out, i);
            } else if (timing == KeypointTiming.PING_PONG) {
                double period = 2.0 * (n - 1);
                double r = p % period;
                sample(src, n, r <= n - 1 ? r : period - r, 1.0, 0, out, i);
            } else {
                loop(src, n, p, blend, out, i);
            }
        }
        return KeypointSequence.of(out);
    }

    /** Cross-fade length: {@link #SEAM_SECONDS} of the sequence, at least 1 frame, at most a third of it. */
    static int seamFrames(int n, double kpsFps) {
        int b = (int) Math.round(SEAM_SECONDS * kpsFps);
        return Math.max(1, Math.min(b, n / 3));
    }

    private static void loop(float[] src, int n, double p, int blend, float[] out, int i) {
        int b = n < 3 ? 0 : blend;
        double period = n - b;
        long cycle = (long) Math.floor(p / period);
        double r = p - cycle * period;
        if (cycle == 0 || r >= b) {
            sample(src, n, r, 1.0, 0, out, i);
            return;
        }
        // r in [0, b) of a later pass: from the tail at r + period (continuing the previous pass) into the head at r
        double t = r / b;
        double w = t * t * (3 - 2 * t);
        sample(src, n, r + period, 1 - w, 0, out, i);
        sample(src, n, r, w, 1, out, i);
    }

    /** Adds (or, with {@code accumulate} 0, writes) {@code weight} times the sequence at position {@code pos}. */
    private static void sample(float[] src, int n, double pos, double weight, int accumulate, float[] out, int i) {
        double x = Math.max(0, Math.min(n - 1, pos));
        int f0 = (int) Math.floor(x);
        int f1 = Math.min(f0 + 1, n - 1);
        double frac = x - f0;
        for (int c = 0; c < 6; c++) {
            double v = src[f0 * 6 + c] * (1 - frac) + src[f1 * 6 + c] * frac;
            double prior = accumulate == 0 ? 0 : out[i * 6 + c];
            out[i * 6 + c] = (float) (prior + weight * v);
        }
    }
}
