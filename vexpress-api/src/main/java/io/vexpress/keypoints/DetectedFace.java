package io.vexpress.keypoints;

/**
 * One face found by a {@link FaceKeypointDetector}, as insightface reports it.
 *
 * @param x1 box left
 * @param y1 box top
 * @param x2 box right
 * @param y2 box bottom
 * @param score detection score in [0, 1]
 * @param landmarks the five landmarks, row-major {@code [5, 2]}: left eye, right eye, nose, left and right mouth corner
 */
public record DetectedFace(float x1, float y1, float x2, float y2, float score, float[] landmarks) {

    /** Copies the landmarks; checks there are ten values. */
    public DetectedFace {
        if (landmarks == null || landmarks.length != 10) {
            throw new IllegalArgumentException("landmarks must hold 5 points (10 values)");
        }
        landmarks = landmarks.clone();
    }

    /** The landmarks, row-major {@code [5, 2]} (a copy). */
    @Override
    public float[] landmarks() {
        return landmarks.clone();
    }

    /** The three V-Kps points: {@code kps[:3]} in V-Express. */
    public FaceKeypoints keypoints() {
        return new FaceKeypoints(landmarks[0], landmarks[1], landmarks[2], landmarks[3], landmarks[4], landmarks[5]);
    }
}
