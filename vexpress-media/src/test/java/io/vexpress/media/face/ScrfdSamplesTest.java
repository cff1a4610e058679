package io.vexpress.media.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.extract.ExtractionMode;
import io.vexpress.core.extract.ExtractionResult;
import io.vexpress.core.extract.KeypointExtractor;
import io.vexpress.core.face.Cv2Resize;
import io.vexpress.core.face.ScrfdFaceDetector;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.KeypointSequence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SCRFD detector on real images, against the keypoints V-Express's own extraction stored in the
 * samples' kps.pth. Runs only when the environment variable {@code VEXPRESS_SCRFD_MODEL} names insightface's
 * {@code det_10g.onnx} (buffalo_l pack); the sample tests also need ../shared/samples:
 *
 * <pre>VEXPRESS_SCRFD_MODEL=/path/to/det_10g.onnx mvn -B -ntp -o -pl vexpress-media -am test -Dtest=ScrfdSamplesTest -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class ScrfdSamplesTest {
    private static ScrfdFaceDetector detector;

    @BeforeAll
    static void loadModel() {
        String model = System.getenv("VEXPRESS_SCRFD_MODEL");
        Assumptions.assumeTrue(model != null && Files.isRegularFile(Path.of(model)),
                "set VEXPRESS_SCRFD_MODEL to det_10g.onnx to run the SCRFD integration tests");
        detector = ScrfdFaceDetector.builder(Path.of(model)).build();
    }

    @AfterAll
    static void close() {
        if (detector != null) {
            detector.close();
        }
    }

    @Test
    void committedFaceIsFoundWhereKpsPthHasIt() {
        List<DetectedFace> faces = detector.detect(Cv2Resize.resize(SampleImages.golden("ten_256.jpg"), 512, 512));
        assertEquals(1, faces.size());
        assertTrue(faces.get(0).score() > 0.5f);
        double error = SampleImages.meanError(faces.get(0).keypoints(), SampleImages.keypoints(SampleImages.firstFrames().get("10"), 1));
        assertTrue(error < 4, "mean error on the 2x upscaled image: " + error);
    }

    @Test
    void firstFramesMatchKpsPth() {
        Path samples = SampleImages.samples().orElse(null);
        Assumptions.assumeTrue(samples != null, "V-Express samples not found (../shared/samples)");
        KeypointErrors errors = KeypointErrors.measure(detector, samples);
        System.out.println("SCRFD det_10g: " + errors);
        assertTrue(errors.mean() < 1.5 && errors.worst() < 4, errors.toString());
    }

    @Test
    void extractedSequencesMatchKpsPth() {
        Path samples = SampleImages.samples().orElse(null);
        Assumptions.assumeTrue(samples != null, "V-Express samples not found (../shared/samples)");
        KeypointExtractor extractor = KeypointExtractor.builder(detector).mode(ExtractionMode.TOLERANT)
                .videoDecoder(new GrabberVideoDecoder()).build();
        for (Map.Entry<String, JsonNode> sample : SampleImages.firstFrames().entrySet()) {
            ExtractionResult r = extractor.extract(samples.resolve(sample.getKey()).resolve("gt.mp4"));
            JsonNode expected = sample.getValue().get("sequence");
            KeypointSequence s = r.sequence();
            assertEquals(expected.size(), s.frameCount(), sample.getKey());
            double sum = 0;
            double worst = 0;
            float[] actual = s.toArray();
            for (int f = 0; f < s.frameCount(); f++) {
                for (int p = 0; p < 3; p++) {
                    double e = Math.hypot(actual[f * 6 + 2 * p] - expected.get(f).get(2 * p).asDouble(),
                            actual[f * 6 + 2 * p + 1] - expected.get(f).get(2 * p + 1).asDouble());
                    sum += e;
                    worst = Math.max(worst, e);
                }
            }
            double mean = sum / (3.0 * s.frameCount());
            System.out.printf(Locale.ROOT, "SCRFD extraction %s: %d frames, mean %.2f px, worst %.2f px, filled %s, several faces %s%n",
                    sample.getKey(), s.frameCount(), mean, worst, r.filledFrames(), r.multiFaceFrames());
            assertTrue(r.filledFrames().isEmpty(), "every frame has a face");
            assertTrue(mean < 1.5, sample.getKey() + " mean error " + mean);
        }
    }
}
