package io.vexpress.core.pipeline;

import io.vexpress.GeneratorConfig;
import io.vexpress.InvalidInputException;
import io.vexpress.MemoryMode;
import io.vexpress.core.face.ScrfdFaceDetector;
import io.vexpress.core.runtime.BundleManifest;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the reference face's V-Kps points as {@code inference.py} does: the detector's first (highest-scoring)
 * face, its first three landmarks (the caller gives the image, for V-Express the photo resized to the output size
 * with OpenCV's bilinear {@code cv2.resize}, see {@link FittedReference}). The detector is the user's ({@link GeneratorConfig#faceDetector()}), else SCRFD from
 * {@link GeneratorConfig#faceDetectorModel()}, else the bundle's optional {@code face_detector}.
 */
final class ReferenceFaceFinder implements AutoCloseable {
    private final GeneratorConfig config;
    private final BundleManifest manifest;
    private FaceKeypointDetector own;

    ReferenceFaceFinder(GeneratorConfig config, BundleManifest manifest) {
        this.config = config;
        this.manifest = manifest;
    }

    /** Whether any detector is configured. */
    boolean available() {
        return config.faceDetector().isPresent() || model().isPresent();
    }

    /** The first face of {@code image}, in its pixels (the caller resizes the photo as V-Express does). */
    FaceKeypoints find(RgbImage image) {
        FaceKeypointDetector detector = detector();
        try {
            List<DetectedFace> faces = detector.detect(image);
            if (faces.isEmpty()) {
                throw new InvalidInputException("No face was found in the reference image. Use a frontal portrait, "
                        + "or give the keypoints with optReferenceKeypoints(...).");
            }
            return faces.get(0).keypoints();
        } finally {
            if (config.memoryMode() == MemoryMode.RELEASE_AFTER_STAGE) {
                closeOwn();
            }
        }
    }

    private FaceKeypointDetector detector() {
        if (config.faceDetector().isPresent()) {
            return config.faceDetector().get();
        }
        if (own == null) {
            Path model = model().orElseThrow(() -> new InvalidInputException(
                    "The retarget strategy needs the reference face's keypoints, but no face detector is configured. "
                            + "Give them with GenerationRequest.Builder.optReferenceKeypoints(...), set a SCRFD det_10g.onnx "
                            + "with TalkingHeadGenerator.Builder.optFaceDetectorModel(...), or add face_detector to the model bundle."));
            own = ScrfdFaceDetector.builder(model).intraOpThreads(config.intraOpThreads()).build();
        }
        return own;
    }

    private Optional<Path> model() {
        return config.faceDetectorModel().or(() -> Optional.ofNullable(manifest.models().get(ModelComponent.FACE_DETECTOR)));
    }

    private void closeOwn() {
        if (own != null) {
            own.close();
            own = null;
        }
    }

    @Override
    public void close() {
        closeOwn();
    }
}
