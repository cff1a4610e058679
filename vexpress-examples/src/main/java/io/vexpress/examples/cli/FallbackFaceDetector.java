package io.vexpress.examples.cli;

import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.media.face.CascadeFaceDetector;

/**
 * The detector used when no SCRFD model is available: OpenCV's cascades from vexpress-media, which need
 * no download but are less precise, so the user is told ({@link #WARNING}, one of the command's warnings).
 */
final class FallbackFaceDetector {
    static final String WARNING = "No SCRFD face detector given (--face_detector det_10g.onnx, --insightface_model_path,"
            + " or face_detector in the model bundle): using OpenCV's cascade detector, which places the keypoints less"
            + " precisely.";

    private FallbackFaceDetector() {
    }

    static FaceKeypointDetector open() {
        return CascadeFaceDetector.create();
    }
}
