package io.vexpress.examples.cli;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vexpress.Device;
import io.vexpress.InvalidInputException;
import io.vexpress.ModelBundleException;
import io.vexpress.core.face.ScrfdFaceDetector;
import io.vexpress.keypoints.FaceKeypointDetector;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the face detector a command asked for: SCRFD from an ONNX file, else the built-in fallback. */
final class FaceDetectors {
    private FaceDetectors() {
    }

    /**
     * @param scrfdModel SCRFD {@code det_10g.onnx}, or null for the fallback detector
     * @param device where SCRFD runs
     * @param height detection height, or 0 for SCRFD's default (512, as the engine uses it)
     * @param width detection width, or 0 for the default
     */
    static FaceKeypointDetector open(Path scrfdModel, String device, int height, int width, Console console) {
        if (scrfdModel == null) {
            return FallbackFaceDetector.open(console);
        }
        if (!Files.isRegularFile(scrfdModel)) {
            throw new InvalidInputException("Face detector model " + scrfdModel.toAbsolutePath() + " does not exist."
                    + " Pass insightface's det_10g.onnx (from buffalo_l) to --face_detector.");
        }
        ScrfdFaceDetector.Builder b = ScrfdFaceDetector.builder(scrfdModel);
        if (width > 0 && height > 0) {
            b.detectionSize(width, height);
        }
        Device d = Device.parse(device);
        if (d.kind() == Device.Kind.CUDA) {
            try {
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.addCUDA(d.deviceId());
                b.sessionOptions(options);
            } catch (OrtException e) {
                throw new ModelBundleException("CUDA is not available to ONNX Runtime (" + e.getMessage()
                        + "). Build with -Pcuda on a machine with a GPU, or use --device cpu.", e);
            }
        }
        return b.build();
    }
}
