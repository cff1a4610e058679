package io.vexpress.keypoints;

import io.vexpress.media.RgbImage;
import java.util.List;

/**
 * Finds faces and their landmarks. vexpress-core provides an ONNX Runtime implementation of
 * insightface's SCRFD detector ({@code det_10g.onnx}), the one V-Express uses; users may plug their own.
 * Implementations that hold native resources are closed by whoever created them.
 */
public interface FaceKeypointDetector extends AutoCloseable {

    /**
     * Detects faces in {@code image} (V-Express resizes images to 512x512 first).
     *
     * @return the faces, highest score first (so the first face is the one V-Express takes); empty if none
     */
    List<DetectedFace> detect(RgbImage image);

    @Override
    default void close() {
    }
}
