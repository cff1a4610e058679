package io.vexpress;

import io.vexpress.keypoints.FaceKeypointDetector;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The validated, immutable generator-level settings that {@link TalkingHeadGenerator.Builder} hands to
 * the engine. Users normally never build one directly.
 *
 * @param modelBundle folder with {@code manifest.json} and the ONNX models (docs/model-bundle.md)
 * @param device where the models run
 * @param precision precision hint
 * @param memoryMode when models are loaded and released
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose
 * @param faceDetectorModel a SCRFD {@code det_10g.onnx}, overriding the bundle's {@code face_detector.onnx}
 * @param faceDetector a user-supplied detector, used instead of any SCRFD model (not closed by the generator)
 */
public record GeneratorConfig(
        Path modelBundle,
        Device device,
        Precision precision,
        MemoryMode memoryMode,
        int intraOpThreads,
        Optional<Path> faceDetectorModel,
        Optional<FaceKeypointDetector> faceDetector) {
}
