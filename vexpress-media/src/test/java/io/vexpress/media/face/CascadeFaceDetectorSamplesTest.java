package io.vexpress.media.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.extract.ExtractionMode;
import io.vexpress.core.extract.ExtractionResult;
import io.vexpress.core.extract.KeypointExtractor;
import io.vexpress.core.face.Cv2Resize;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The cascade fallback against SCRFD's keypoints (the samples' kps.pth first frames). The committed-image
 * tests always run; the measurement on the samples skips without ../shared and prints the numbers that
 * docs/face-keypoints.md reports.
 */
class CascadeFaceDetectorSamplesTest {

    @Test
    void measuresTheErrorOnTheSamples() {
        Path samples = SampleImages.samples().orElse(null);
        Assumptions.assumeTrue(samples != null, "V-Express samples not found (../shared/samples)");
        try (CascadeFaceDetector withEyes = CascadeFaceDetector.create();
                CascadeFaceDetector boxOnly = CascadeFaceDetector.create(CascadeFaceDetector.FaceCascade.HAAR_FRONTAL_DEFAULT, false)) {
            KeypointErrors eyes = KeypointErrors.measure(withEyes, samples);
            KeypointErrors box = KeypointErrors.measure(boxOnly, samples);
            System.out.println("cascade fallback, eye cascade:  " + eyes);
            System.out.println("cascade fallback, box only:     " + box);
            assertEquals(5, eyes.images(), "every sample image has a face");
            assertTrue(eyes.mean() < 8, "mean error of the default fallback: " + eyes);
        }
    }

    @Test
    void extractsTheFirstFramesOfASampleVideoNearKpsPth() {
        Path samples = SampleImages.samples().orElse(null);
        Assumptions.assumeTrue(samples != null, "V-Express samples not found (../shared/samples)");
        JsonNode expected = SampleImages.firstFrames().get("AOC").get("sequence");
        List<Integer> progress = new ArrayList<>();
        try (CascadeFaceDetector detector = CascadeFaceDetector.create()) {
            ExtractionResult r = KeypointExtractor.builder(detector).mode(ExtractionMode.TOLERANT)
                    .videoDecoder(new GrabberVideoDecoder(4)).listener((frame, total, faces) -> progress.add(frame)).build()
                    .extract(samples.resolve("AOC").resolve("gt.mp4"));
            assertEquals(List.of(1, 2, 3, 4), progress);
            assertEquals(4, r.frameCount());
            assertEquals(30000.0 / 1001, r.fps(), 1e-3);
            for (int f = 0; f < 4; f++) {
                float[] exp = new float[6];
                for (int k = 0; k < 6; k++) {
                    exp[k] = (float) expected.get(f).get(k).asDouble();
                }
                double error = SampleImages.meanError(r.sequence().frame(f), FaceKeypoints.of(exp));
                assertTrue(error < 10, "frame " + f + " mean error " + error);
            }
        }
    }

    @Test
    void findsTheCommittedFaceNearItsScrfdKeypoints() {
        JsonNode ten = SampleImages.firstFrames().get("10");
        RgbImage small = SampleImages.golden("ten_256.jpg");
        try (FaceKeypointDetector detector = CascadeFaceDetector.create()) {
            List<DetectedFace> faces = detector.detect(Cv2Resize.resize(small, 512, 512));
            assertEquals(1, faces.size());
            DetectedFace face = faces.get(0);
            FaceKeypoints k = face.keypoints();
            double error = SampleImages.meanError(k, SampleImages.keypoints(ten, 1));
            assertTrue(error < 10, "mean error " + error + " px, keypoints " + k);
            assertTrue(face.score() > 0 && face.score() < 1);
            float[] l = face.landmarks();
            assertTrue(l[0] < l[4] && l[4] < l[2] && l[5] > l[1], "nose between and below the eyes");
            assertTrue(l[7] > l[5] && l[9] > l[5] && l[6] < l[8], "mouth corners below the nose, left then right");
            assertTrue(face.x1() < l[0] && l[2] < face.x2() && face.y1() < l[1] && l[7] < face.y2());
        }
    }

    @Test
    void findsNoFaceInAFlatImage() {
        try (CascadeFaceDetector detector = CascadeFaceDetector.create()) {
            assertFalse(detector.detect(RgbImage.black(512, 512)).iterator().hasNext());
        }
    }
}
