package io.vexpress.examples.cli;

import io.vexpress.InvalidInputException;
import io.vexpress.keypoints.FaceKeypointDetector;

/** The detector used when no SCRFD model is given. */
final class FallbackFaceDetector {
    private FallbackFaceDetector() {
    }

    static FaceKeypointDetector open(Console console) {
        throw new InvalidInputException("No face detector: pass insightface's SCRFD det_10g.onnx (buffalo_l) with"
                + " --face_detector FILE.");
    }
}
