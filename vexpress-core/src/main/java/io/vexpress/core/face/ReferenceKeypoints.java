package io.vexpress.core.face;

import io.vexpress.InvalidInputException;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference image's keypoints as V-Express computes them:
 * {@code app.get(cv2.resize(cv2.imread(ref), (W, H)))[0].kps[:3]}, the first (highest-scored) face of the
 * image resized to the generation size.
 */
public final class ReferenceKeypoints {
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceKeypoints.class);

    private ReferenceKeypoints() {
    }

    /**
     * Resizes {@code reference} to {@code width} x {@code height} with cv2's bilinear resize and returns the
     * first face's left eye, right eye and nose, in pixels of the resized image.
     *
     * @throws InvalidInputException when no face is found
     */
    public static FaceKeypoints detect(FaceKeypointDetector detector, RgbImage reference, int width, int height) {
        List<DetectedFace> faces = detector.detect(Cv2Resize.resize(reference, width, height));
        if (faces.isEmpty()) {
            throw new InvalidInputException("No face was found in the reference image. Use a clear, frontal photo of one face,"
                    + " or give the reference keypoints explicitly (left eye, right eye, nose in " + width + "x" + height + " pixels).");
        }
        if (faces.size() > 1) {
            LOG.warn("The reference image shows {} faces; using the highest-scored one (score {}), as V-Express does",
                    faces.size(), faces.get(0).score());
        }
        return faces.get(0).keypoints();
    }
}
