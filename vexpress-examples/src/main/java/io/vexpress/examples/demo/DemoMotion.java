package io.vexpress.examples.demo;

import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * A made-up driving keypoint sequence for the demo: the face's three V-Kps points moved by a gentle
 * head sway, nod and tilt, as a speaker's head moves, so that retargeting has motion to transfer.
 */
public final class DemoMotion {
    private DemoMotion() {
    }

    /**
     * @param face the resting face
     * @param frames number of frames
     * @param fps frame rate the motion is timed for
     * @return the sequence, frame 0 equal to {@code face}
     */
    public static KeypointSequence headMotion(FaceKeypoints face, int frames, double fps) {
        List<FaceKeypoints> out = new ArrayList<>(frames);
        float[] rest = face.toArray();
        double cx = face.noseX();
        double cy = face.noseY();
        for (int i = 0; i < frames; i++) {
            double t = i / fps;
            double sway = 6 * Math.sin(2 * Math.PI * 0.35 * t);          // pixels, left-right
            double nod = 4 * Math.sin(2 * Math.PI * 0.8 * t + 0.5) * Math.sin(Math.PI * 0.2 * t); // pixels, up-down
            double tilt = Math.toRadians(3) * Math.sin(2 * Math.PI * 0.25 * t); // roll
            double cos = Math.cos(tilt);
            double sin = Math.sin(tilt);
            float[] xy = new float[6];
            for (int p = 0; p < 3; p++) {
                double dx = rest[2 * p] - cx;
                double dy = rest[2 * p + 1] - cy;
                xy[2 * p] = (float) (cx + cos * dx - sin * dy + sway);
                xy[2 * p + 1] = (float) (cy + sin * dx + cos * dy + nod);
            }
            out.add(FaceKeypoints.of(xy));
        }
        return KeypointSequence.of(out);
    }
}
