package io.vexpress.core.face;

import io.vexpress.InvalidInputException;
import io.vexpress.Setting;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.util.List;
import java.util.function.Consumer;
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

    /** As {@link #detect(FaceKeypointDetector, RgbImage, int, int, Consumer)}, logging the warning. */
    public static FaceKeypoints detect(FaceKeypointDetector detector, RgbImage reference, int width, int height) {
        return detect(detector, reference, width, height, LOG::warn);
    }

    /**
     * Resizes {@code reference} to {@code width} x {@code height} with cv2's bilinear resize and returns the
     * first face's left eye, right eye and nose, in pixels of the resized image.
     *
     * @param warnings told when the image shows several faces (the highest-scored one is taken, as V-Express does)
     * @throws InvalidInputException ({@link Setting#REFERENCE_KEYPOINTS}) when no face is found
     */
    public static FaceKeypoints detect(FaceKeypointDetector detector, RgbImage reference, int width, int height,
                                       Consumer<String> warnings) {
        List<DetectedFace> faces = detector.detect(Cv2Resize.resize(reference, width, height));
        if (faces.isEmpty()) {
            throw new InvalidInputException(Setting.REFERENCE_KEYPOINTS, "No face was found in the reference image."
                    + " Use a clear, frontal photo of one face, give the face's keypoints (left eye, right eye, nose in "
                    + width + "x" + height + " pixels) with {REFERENCE_KEYPOINTS}, or find them with insightface's SCRFD"
                    + " det_10g.onnx through {FACE_DETECTOR}.");
        }
        if (faces.size() > 1) {
            warnings.accept(String.format(java.util.Locale.ROOT, "The reference image shows %d faces; the highest-scored"
                    + " one (score %.2f) is used, as V-Express does. Crop the photo to one face to choose another.",
                    faces.size(), faces.get(0).score()));
        }
        return faces.get(0).keypoints();
    }
}
