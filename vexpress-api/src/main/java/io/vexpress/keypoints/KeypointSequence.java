package io.vexpress.keypoints;

import io.vexpress.InvalidInputException;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable V-Kps sequence: {@code frames} faces of three points each, the {@code [frames, 3, 2]}
 * array V-Express stores in kps.pth files. Coordinates are pixels of the 512x512 image the keypoints
 * were detected on.
 */
public final class KeypointSequence {
    private final float[] xy; // row-major [frames, 3, 2]

    private KeypointSequence(float[] xy) {
        this.xy = xy;
    }

    /**
     * From a row-major {@code [frames, 3, 2]} array (a copy is kept).
     *
     * @throws InvalidInputException when the length is not a positive multiple of 6 or a value is not finite
     */
    public static KeypointSequence of(float[] rowMajorFrames32) {
        if (rowMajorFrames32 == null || rowMajorFrames32.length == 0 || rowMajorFrames32.length % 6 != 0) {
            throw new InvalidInputException("A keypoint sequence needs a positive multiple of 6 values ([frames, 3, 2]), got "
                    + (rowMajorFrames32 == null ? "null" : rowMajorFrames32.length) + ".");
        }
        for (int i = 0; i < rowMajorFrames32.length; i++) {
            if (!Float.isFinite(rowMajorFrames32[i])) {
                throw new InvalidInputException("Keypoint value at frame " + (i / 6) + ", point " + (i % 6 / 2)
                        + " is " + rowMajorFrames32[i] + "; keypoints must be finite.");
            }
        }
        return new KeypointSequence(rowMajorFrames32.clone());
    }

    /** From a list of faces. */
    public static KeypointSequence of(List<FaceKeypoints> frames) {
        if (frames == null || frames.isEmpty()) {
            throw new InvalidInputException("A keypoint sequence needs at least one frame.");
        }
        float[] xy = new float[frames.size() * 6];
        for (int i = 0; i < frames.size(); i++) {
            System.arraycopy(frames.get(i).toArray(), 0, xy, i * 6, 6);
        }
        return new KeypointSequence(xy);
    }

    /** The same face repeated {@code frames} times. */
    public static KeypointSequence repeat(FaceKeypoints face, int frames) {
        if (frames < 1) {
            throw new InvalidInputException("A keypoint sequence needs at least one frame, got " + frames + ".");
        }
        float[] one = face.toArray();
        float[] xy = new float[frames * 6];
        for (int i = 0; i < frames; i++) {
            System.arraycopy(one, 0, xy, i * 6, 6);
        }
        return new KeypointSequence(xy);
    }

    public int frameCount() {
        return xy.length / 6;
    }

    /** Face {@code frame}. */
    public FaceKeypoints frame(int frame) {
        return FaceKeypoints.of(Arrays.copyOfRange(xy, frame * 6, frame * 6 + 6));
    }

    /** Coordinate {@code axis} (0 = x, 1 = y) of point {@code point} (0 = left eye, 1 = right eye, 2 = nose). */
    public float get(int frame, int point, int axis) {
        return xy[frame * 6 + point * 2 + axis];
    }

    /** A copy of the row-major {@code [frames, 3, 2]} values. */
    public float[] toArray() {
        return xy.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeypointSequence k && Arrays.equals(k.xy, xy);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(xy);
    }

    @Override
    public String toString() {
        return "KeypointSequence[" + frameCount() + " frames]";
    }
}
