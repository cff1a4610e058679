package io.vexpress.core.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.RetargetStrategy;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceQualityCheckTest {
    /** First frame of the V-Express sample AOC/kps.pth: a good frontal face. */
    private static final FaceKeypoints AOC = new FaceKeypoints(185.47333f, 218.57632f, 278.91803f, 215.36694f, 224.55911f, 271.40826f);

    private static List<FaceQualityWarning.Kind> kinds(List<FaceQualityWarning> warnings) {
        return warnings.stream().map(FaceQualityWarning::kind).toList();
    }

    @Test
    void aGoodFrontalFaceHasNoWarnings() {
        assertEquals(List.of(), FaceQualityCheck.checkReference(AOC, 512, 512));
    }

    @Test
    void smallFaceIsReportedWithItsEyeDistance() {
        FaceKeypoints small = new FaceKeypoints(240, 250, 275, 250, 257, 270);
        List<FaceQualityWarning> w = FaceQualityCheck.checkReference(small, 512, 512);
        assertEquals(List.of(FaceQualityWarning.Kind.SMALL_FACE), kinds(w));
        assertTrue(w.get(0).message().contains("35 px"), w.get(0).message());
        // the same face in a 256x256 image is large enough (limit scales to 20 px)
        assertEquals(List.of(), FaceQualityCheck.checkReference(new FaceKeypoints(110, 120, 145, 120, 127, 140), 256, 256));
    }

    @Test
    void tiltedAndTurnedFacesAreReported() {
        FaceKeypoints tilted = new FaceKeypoints(200, 200, 280, 240, 230, 270); // eye line at 26.6 degrees
        assertEquals(List.of(FaceQualityWarning.Kind.ROTATED_FACE), kinds(FaceQualityCheck.checkReference(tilted, 512, 512)));
        FaceKeypoints turned = new FaceKeypoints(200, 220, 290, 220, 280, 270); // nose 0.39 eye distances right
        List<FaceQualityWarning> w = FaceQualityCheck.checkReference(turned, 512, 512);
        assertEquals(List.of(FaceQualityWarning.Kind.ROTATED_FACE), kinds(w));
        assertTrue(w.get(0).message().contains("sideways"), w.get(0).message());
        FaceKeypoints slightlyTurned = new FaceKeypoints(200, 220, 290, 220, 270, 270); // 0.28
        assertEquals(List.of(), FaceQualityCheck.checkReference(slightlyTurned, 512, 512));
    }

    @Test
    void faceAtTheBorderIsReported() {
        FaceKeypoints high = new FaceKeypoints(200, 60, 290, 60, 245, 120); // forehead above the top edge
        assertEquals(List.of(FaceQualityWarning.Kind.NEAR_BORDER), kinds(FaceQualityCheck.checkReference(high, 512, 512)));
        FaceKeypoints low = new FaceKeypoints(200, 380, 290, 380, 245, 430); // chin below the bottom
        assertEquals(List.of(FaceQualityWarning.Kind.NEAR_BORDER), kinds(FaceQualityCheck.checkReference(low, 512, 512)));
    }

    @Test
    void drivingFaceOfAnotherSizeSuggestsRetargetingUnderNoRetargetOnly() {
        FaceKeypoints big = new FaceKeypoints(150, 218, 300, 218, 225, 290); // eye distance 150 vs 93.6
        KeypointSequence driving = KeypointSequence.repeat(big, 5);
        List<FaceQualityWarning> w = FaceQualityCheck.checkDriving(driving, AOC, RetargetStrategy.NO_RETARGET);
        assertEquals(List.of(FaceQualityWarning.Kind.SCALE_MISMATCH), kinds(w));
        assertTrue(w.get(0).message().contains("offset_retarget") && w.get(0).message().contains("naive_retarget"), w.get(0).message());
        assertTrue(w.get(0).message().contains("1.60x"), w.get(0).message());
        for (RetargetStrategy s : List.of(RetargetStrategy.FIX_FACE, RetargetStrategy.OFFSET_RETARGET, RetargetStrategy.NAIVE_RETARGET)) {
            assertEquals(List.of(), FaceQualityCheck.checkDriving(driving, AOC, s), s.name());
        }
    }

    @Test
    void drivingFaceElsewhereIsReportedAndAMatchingOneIsNot() {
        FaceKeypoints shifted = new FaceKeypoints(285, 218, 379, 215, 325, 271); // same size, 100 px to the right
        assertEquals(List.of(FaceQualityWarning.Kind.SCALE_MISMATCH),
                kinds(FaceQualityCheck.checkDriving(KeypointSequence.repeat(shifted, 3), AOC, RetargetStrategy.NO_RETARGET)));
        FaceKeypoints close = new FaceKeypoints(183.1f, 223.9f, 277.5f, 220.4f, 222.6f, 279.3f); // AOC frame 1
        assertEquals(List.of(), FaceQualityCheck.checkDriving(KeypointSequence.of(List.of(AOC, close)), AOC, RetargetStrategy.NO_RETARGET));
    }
}
