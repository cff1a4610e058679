package io.vexpress.core.pipeline;

import io.vexpress.GeneratorConfig;
import io.vexpress.InvalidInputException;
import io.vexpress.MemoryMode;
import io.vexpress.Setting;
import io.vexpress.core.face.ReferenceKeypoints;
import io.vexpress.core.face.ScrfdFaceDetector;
import io.vexpress.core.runtime.BundleManifest;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the reference face's V-Kps points as {@code inference.py} does: the image resized with OpenCV's bilinear
 * {@code cv2.resize}, the detector's first (highest-scoring) face, its first three landmarks ({@link FittedReference}
 * chooses the image and the size). The detector is the user's ({@link GeneratorConfig#faceDetector()}), else SCRFD from
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

    /** The first face's keypoints in {@code original} resized to the output size; several faces are a warning. */
    FaceKeypoints find(RgbImage original, int width, int height, Consumer<String> warnings) {
        FaceKeypointDetector detector = detector();
        try {
            return ReferenceKeypoints.detect(detector, original, width, height, warnings);
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
            Path model = model().orElseThrow(() -> new InvalidInputException(Setting.REFERENCE_KEYPOINTS,
                    "The retarget strategy needs the reference face's keypoints, but no face detector is configured."
                            + " Give them with {REFERENCE_KEYPOINTS}, give a SCRFD det_10g.onnx to {FACE_DETECTOR},"
                            + " or add face_detector to the model bundle."));
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
