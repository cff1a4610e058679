package io.vexpress;

import io.vexpress.keypoints.FaceKeypointDetector;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The validated, immutable generator-level settings that {@link TalkingHeadGenerator.Builder} hands to
 * the engine. Users normally never build one directly.
 *
 * @param modelBundle folder with {@code manifest.json} and the ONNX models (docs/model-bundle.md)
 * @param device where the models run: the first of {@code devices}
 * @param precision precision hint
 * @param memoryMode when models are loaded and released
 * @param intraOpThreads ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose
 * @param faceDetectorModel a SCRFD {@code det_10g.onnx}, overriding the bundle's {@code face_detector.onnx}
 * @param faceDetector a user-supplied detector, used instead of any SCRFD model (not closed by the generator)
 * @param devices every device of the generator, {@code device} first: each runs one session of the denoising
 *     UNet and the context windows of a step are spread over them; every other model runs on {@code device}
 */
public record GeneratorConfig(
        Path modelBundle,
        Device device,
        Precision precision,
        MemoryMode memoryMode,
        int intraOpThreads,
        Optional<Path> faceDetectorModel,
        Optional<FaceKeypointDetector> faceDetector,
        List<Device> devices) {

    /** Checks that {@code devices} starts with {@code device} and holds no {@code null}. */
    public GeneratorConfig {
        devices = List.copyOf(devices);
        if (devices.isEmpty() || !devices.get(0).equals(device)) {
            throw new IllegalArgumentException("devices must start with device " + device + ", got " + devices);
        }
    }

    /** A generator on the single {@code device}. */
    public GeneratorConfig(Path modelBundle, Device device, Precision precision, MemoryMode memoryMode, int intraOpThreads,
                           Optional<Path> faceDetectorModel, Optional<FaceKeypointDetector> faceDetector) {
        this(modelBundle, device, precision, memoryMode, intraOpThreads, faceDetectorModel, faceDetector, List.of(device));
    }
}
