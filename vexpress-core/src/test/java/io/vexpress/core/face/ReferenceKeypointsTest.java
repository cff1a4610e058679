package io.vexpress.core.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.InvalidInputException;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceKeypointsTest {

    @Test
    void takesTheFirstFaceOfTheImageResizedToTheGenerationSize() {
        List<String> seen = new ArrayList<>();
        FaceKeypointDetector detector = image -> {
            seen.add(image.width() + "x" + image.height());
            return List.of(new DetectedFace(0, 0, 9, 9, 0.9f, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}),
                    new DetectedFace(0, 0, 9, 9, 0.8f, new float[] {11, 12, 13, 14, 15, 16, 17, 18, 19, 20}));
        };
        FaceKeypoints k = ReferenceKeypoints.detect(detector, RgbImage.black(300, 200), 512, 512);
        assertEquals(new FaceKeypoints(1, 2, 3, 4, 5, 6), k);
        assertEquals(List.of("512x512"), seen);
    }

    @Test
    void noFaceTellsTheUserToGiveKeypointsExplicitly() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ReferenceKeypoints.detect(image -> List.of(), RgbImage.black(512, 512), 512, 512));
        assertTrue(e.getMessage().contains("optReferenceKeypoints(FaceKeypoints)") && e.getMessage().contains("512x512 pixels"),
                e.getMessage());
        assertEquals(io.vexpress.Setting.REFERENCE_KEYPOINTS, e.setting().orElseThrow());
    }
}
