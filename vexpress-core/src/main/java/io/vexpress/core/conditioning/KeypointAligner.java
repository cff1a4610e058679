package io.vexpress.core.conditioning;

import io.vexpress.InvalidInputException;
import io.vexpress.keypoints.KeypointSequence;

/**
 * Fits a driving keypoint sequence to the video length as V-Express's {@code inference.py} does: frames
 * beyond {@code videoLength} are dropped, then the sequence is linearly resampled to exactly
 * {@code videoLength} frames ({@code F.interpolate(..., mode='linear')}, see {@link LinearResampler}).
 * A sequence shorter than the video is therefore stretched (upsampled), never padded.
 */
public final class KeypointAligner {
    private KeypointAligner() {
    }

    /**
     * @param sequence the driving sequence, any length
     * @param videoLength frames of the video, at least 1
     * @return a sequence of exactly {@code videoLength} frames
     */
    public static KeypointSequence align(KeypointSequence sequence, int videoLength) {
        return align(sequence, videoLength, LinearResampler.Arithmetic.TORCH_2);
    }

    /**
     * As {@link #align(KeypointSequence, int)} with the rounding of a given torch version.
     *
     * @param arithmetic whose float rounding to reproduce (V-Express pins torch 2)
     */
    public static KeypointSequence align(KeypointSequence sequence, int videoLength, LinearResampler.Arithmetic arithmetic) {
        if (sequence == null) {
            throw new InvalidInputException("No keypoint sequence to align; give a driving sequence (kps.pth).");
        }
        if (videoLength < 1) {
            throw new InvalidInputException("Video length must be at least 1 frame, got " + videoLength + ".");
        }
        int frames = Math.min(sequence.frameCount(), videoLength);
        float[] all = sequence.toArray();
        float[] kept = frames == sequence.frameCount() ? all : java.util.Arrays.copyOf(all, frames * 6);
        if (frames == videoLength) {
            return KeypointSequence.of(kept);
        }
        return KeypointSequence.of(new LinearResampler(frames, videoLength, arithmetic).resample(kept, 6));
    }
}
