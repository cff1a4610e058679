package io.vexpress.core.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.ModelBundleException;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.media.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SCRFD detector against insightface's own algorithm: tiny models that emit chosen raw outputs and
 * the goldens of tools/tiny-models/make_tiny_scrfd.py (insightface's decode and NMS in float32 numpy,
 * the letterbox blob from cv2 itself).
 */
class ScrfdFaceDetectorTest {
    private static final String DIR = "/golden/scrfd/";

    static Path resource(String name) {
        try {
            return Path.of(ScrfdFaceDetectorTest.class.getResource(DIR + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"wide", "tall"})
    void letterboxBlobEqualsInsightfaceCv2Blob(String image) throws IOException {
        RgbImage rgb = TestImages.png(DIR + image + ".png");
        float[] expected;
        try (InputStream in = getClass().getResourceAsStream(DIR + image + "_blob64.bin")) {
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            expected = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(expected);
        }
        ScrfdLetterbox letterbox = ScrfdLetterbox.of(rgb, 64, 64);
        assertArrayEquals(expected, letterbox.blob());
        double expectedScale = image.equals("wide") ? 48.0 / 75 : 64.0 / 90;
        assertEquals(expectedScale, letterbox.detScale());
    }

    static Stream<Arguments> goldenCases() throws IOException {
        JsonNode root;
        try (InputStream in = ScrfdFaceDetectorTest.class.getResourceAsStream(DIR + "detections.json")) {
            root = new ObjectMapper().readTree(in);
        }
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            cases.add(Arguments.of(c.get("model").asText(), c.get("image").asText(), c.get("faces"), c.get("det_size")));
        }
        return cases.stream();
    }

    /**
     * The tiny constant-output models must give insightface's bits exactly. The dynamic-input mini network
     * runs real convolutions, where ONNX Runtime and torch differ in the last float bits, so it is compared
     * within 1e-3 px (its scores and IoUs were checked to stay clear of the thresholds).
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("goldenCases")
    void detectionsEqualInsightface(String model, String image, JsonNode expectedFaces, JsonNode detSize) {
        RgbImage rgb = TestImages.png(DIR + image);
        ScrfdFaceDetector.Builder builder = ScrfdFaceDetector.builder(resource(model)).intraOpThreads(1);
        if (detSize != null) {
            builder.detectionSize(detSize.get(0).asInt(), detSize.get(1).asInt());
        }
        float tolerance = detSize == null ? 0f : 1e-3f;
        try (ScrfdFaceDetector detector = builder.build()) {
            List<DetectedFace> faces = detector.detect(rgb);
            assertFalse(expectedFaces.isEmpty());
            assertEquals(expectedFaces.size(), faces.size(), "faces kept after threshold and NMS");
            for (int i = 0; i < faces.size(); i++) {
                DetectedFace f = faces.get(i);
                JsonNode e = expectedFaces.get(i);
                float[] actual = new float[15];
                actual[0] = f.x1();
                actual[1] = f.y1();
                actual[2] = f.x2();
                actual[3] = f.y2();
                actual[4] = f.score();
                System.arraycopy(f.landmarks(), 0, actual, 5, 10);
                float[] expected = new float[15];
                for (int k = 0; k < 15; k++) {
                    expected[k] = (float) e.get(k).asDouble();
                }
                assertArrayEquals(expected, actual, tolerance, "face " + i);
            }
        }
    }

    @Test
    void scoresComeOutHighestFirstAndAtLeastTheThreshold() {
        try (ScrfdFaceDetector detector = ScrfdFaceDetector.builder(resource("tiny_scrfd_9.onnx")).intraOpThreads(1).build()) {
            List<DetectedFace> faces = detector.detect(TestImages.png(DIR + "wide.png"));
            for (int i = 0; i < faces.size(); i++) {
                assertTrue(faces.get(i).score() >= 0.5f);
                if (i > 0) {
                    assertTrue(faces.get(i - 1).score() >= faces.get(i).score());
                }
            }
            assertEquals(64, detector.inputWidth(), "a fixed model input wins over det_size, as in insightface");
        }
    }

    @Test
    void higherThresholdKeepsFewerFaces() {
        try (ScrfdFaceDetector all = ScrfdFaceDetector.builder(resource("tiny_scrfd_9.onnx")).build();
                ScrfdFaceDetector strict = ScrfdFaceDetector.builder(resource("tiny_scrfd_9.onnx")).scoreThreshold(0.9f).build()) {
            RgbImage img = TestImages.png(DIR + "wide.png");
            List<DetectedFace> strictFaces = strict.detect(img);
            assertTrue(strictFaces.size() < all.detect(img).size());
            strictFaces.forEach(f -> assertTrue(f.score() >= 0.9f));
        }
    }

    @Test
    void dynamicInputModelUsesTheDetectionSizeDefault512() {
        try (ScrfdFaceDetector detector = ScrfdFaceDetector.builder(resource("mini_scrfd_dynamic.onnx")).build()) {
            assertEquals(512, detector.inputWidth());
            assertEquals(512, detector.inputHeight());
            // 512x512 input: the outputs grow to 10752 anchors, which the size check in detect() verifies
            org.junit.jupiter.api.Assertions.assertDoesNotThrow(() -> detector.detect(TestImages.png(DIR + "wide.png")));
        }
        try (ScrfdFaceDetector detector = ScrfdFaceDetector.builder(resource("mini_scrfd_dynamic.onnx")).detectionSize(128, 96).build()) {
            assertEquals(128, detector.inputWidth());
            assertEquals(96, detector.inputHeight());
        }
    }

    @Test
    void detectionSizeMustSuitTheStrides() {
        assertThrows(io.vexpress.InvalidInputException.class,
                () -> ScrfdFaceDetector.builder(resource("mini_scrfd_dynamic.onnx")).detectionSize(500, 512));
    }

    @Test
    void modelWithoutLandmarksIsRejected() {
        ModelBundleException e = assertThrows(ModelBundleException.class,
                () -> ScrfdFaceDetector.builder(resource("tiny_scrfd_6.onnx")).build());
        assertTrue(e.getMessage().contains("without landmarks"), e.getMessage());
    }

    @Test
    void missingModelNamesTheFileAndWhereToGetIt(@org.junit.jupiter.api.io.TempDir Path dir) {
        ModelBundleException e = assertThrows(ModelBundleException.class,
                () -> ScrfdFaceDetector.builder(dir.resolve("det_10g.onnx")).build());
        assertTrue(e.getMessage().contains("det_10g.onnx") && e.getMessage().contains("buffalo_l"), e.getMessage());
    }
}
