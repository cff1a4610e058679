package io.vexpress.media.face;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.face.ReferenceKeypoints;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Keypoint error of a detector on the V-Express samples: each sample's gt.mp4 first frame, and its ref.jpg
 * where that is the same frame, resized to 512x512 and detected as V-Express does, against the first frame
 * of its kps.pth (SCRFD's keypoints). Errors are Euclidean distances in pixels at 512x512.
 *
 * @param images images measured
 * @param leftEye mean left-eye error
 * @param rightEye mean right-eye error
 * @param nose mean nose error
 * @param worst largest single-point error
 * @param perImage per-image mean errors, for the report
 */
record KeypointErrors(int images, double leftEye, double rightEye, double nose, double worst, String perImage) {

    /** Mean over the three points. */
    double mean() {
        return (leftEye + rightEye + nose) / 3;
    }

    static KeypointErrors measure(FaceKeypointDetector detector, Path samples) {
        double[] sums = new double[3];
        double worst = 0;
        int images = 0;
        StringBuilder perImage = new StringBuilder();
        for (Map.Entry<String, JsonNode> sample : SampleImages.firstFrames().entrySet()) {
            Path dir = samples.resolve(sample.getKey());
            FaceKeypoints truth = SampleImages.keypoints(sample.getValue(), 1);
            RgbImage[] inputs = sample.getValue().get("ref_is_first_frame").asBoolean()
                    ? new RgbImage[] {SampleImages.firstFrame(dir.resolve("gt.mp4")), SampleImages.decodeImage(dir.resolve("ref.jpg"))}
                    : new RgbImage[] {SampleImages.firstFrame(dir.resolve("gt.mp4"))};
            for (int i = 0; i < inputs.length; i++) {
                float[] found = ReferenceKeypoints.detect(detector, inputs[i], 512, 512).toArray();
                float[] expected = truth.toArray();
                double mean = 0;
                for (int p = 0; p < 3; p++) {
                    double e = Math.hypot(found[2 * p] - expected[2 * p], found[2 * p + 1] - expected[2 * p + 1]);
                    sums[p] += e;
                    mean += e / 3;
                    worst = Math.max(worst, e);
                }
                perImage.append(String.format(Locale.ROOT, " %s/%s %.1f", sample.getKey(), i == 0 ? "gt.mp4[0]" : "ref.jpg", mean));
                images++;
            }
        }
        return new KeypointErrors(images, sums[0] / images, sums[1] / images, sums[2] / images, worst, perImage.toString().trim());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d images, mean %.1f px (left eye %.1f, right eye %.1f, nose %.1f), worst point %.1f px; %s",
                images, mean(), leftEye, rightEye, nose, worst, perImage);
    }
}
