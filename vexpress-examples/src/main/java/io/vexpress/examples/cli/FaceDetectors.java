package io.vexpress.examples.cli;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vexpress.Device;
import io.vexpress.InvalidInputException;
import io.vexpress.Setting;
import io.vexpress.core.face.ScrfdFaceDetector;
import io.vexpress.keypoints.FaceKeypointDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Opens the face detector a command asked for: SCRFD from an ONNX file, else the built-in fallback. */
final class FaceDetectors {
    private FaceDetectors() {
    }

    /**
     * @param scrfdModel SCRFD {@code det_10g.onnx}, or null for the fallback detector
     * @param device where SCRFD runs
     * @param height detection height, or 0 for SCRFD's default (512, as the engine uses it)
     * @param width detection width, or 0 for the default
     * @param warnings receives {@link FallbackFaceDetector#WARNING} when the fallback is used
     */
    static FaceKeypointDetector open(Path scrfdModel, Device device, int height, int width, Consumer<String> warnings) {
        if (scrfdModel == null) {
            warnings.accept(FallbackFaceDetector.WARNING);
            return FallbackFaceDetector.open();
        }
        if (!Files.isRegularFile(scrfdModel)) {
            throw new InvalidInputException(Setting.FACE_DETECTOR, "Face detector model " + scrfdModel.toAbsolutePath()
                    + " does not exist. Give insightface's det_10g.onnx (from buffalo_l) to {FACE_DETECTOR}.");
        }
        ScrfdFaceDetector.Builder b = ScrfdFaceDetector.builder(scrfdModel);
        if (width > 0 && height > 0) {
            b.detectionSize(width, height);
        }
        Device d = device;
        if (d.kind() == Device.Kind.CUDA) {
            try {
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.addCUDA(d.deviceId());
                b.sessionOptions(options);
            } catch (OrtException e) {
                throw new InvalidInputException(Setting.DEVICE, "CUDA is not available to ONNX Runtime (" + e.getMessage()
                        + "). Build with -Pcuda on a machine with a GPU, or use {DEVICE:cpu}.", e);
            }
        }
        return b.build();
    }
}
