package io.vexpress.core.retarget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.GenerationRequest;
import io.vexpress.InvalidInputException;
import io.vexpress.RetargetStrategy;
import io.vexpress.core.conditioning.KeypointAligner;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Properties and error handling of the retarget strategies. */
class KeypointRetargeterTest {
    private static final FaceKeypoints REFERENCE = new FaceKeypoints(210.5f, 240.25f, 300.75f, 238.5f, 256.0f, 300.125f);

    @Test
    void everyStrategyYieldsExactlyTheVideoLength() {
        Random random = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            KeypointSequence driving = randomFaces(random, 1 + random.nextInt(60));
            int videoLength = 1 + random.nextInt(80);
            for (RetargetStrategy strategy : RetargetStrategy.values()) {
                for (TargetFrameSelection selection : TargetFrameSelection.values()) {
                    KeypointSequence out = KeypointRetargeter.apply(strategy, REFERENCE, driving, videoLength, selection);
                    assertEquals(videoLength, out.frameCount(), strategy + " " + selection);
                }
            }
        }
    }

    @Test
    void offsetModeMovesAllThreePointsByTheSameVector() {
        Random random = new Random(5);
        float[] ref = REFERENCE.toArray();
        for (int trial = 0; trial < 200; trial++) {
            KeypointSequence driving = randomFaces(random, 1 + random.nextInt(50));
            for (TargetFrameSelection selection : TargetFrameSelection.values()) {
                KeypointSequence out = KeypointRetargeter.offset(REFERENCE, driving, selection);
                assertEquals(driving.frameCount(), out.frameCount());
                for (int f = 0; f < out.frameCount(); f++) {
                    float dx = out.get(f, 0, 0) - ref[0];
                    float dy = out.get(f, 0, 1) - ref[1];
                    for (int p = 1; p < 3; p++) {
                        // same float32 vector subtracted from each point: equal up to the rounding of ref - v
                        assertEquals(dx, out.get(f, p, 0) - ref[2 * p], 1e-4f);
                        assertEquals(dy, out.get(f, p, 1) - ref[2 * p + 1], 1e-4f);
                    }
                }
                // the first frame is the reference face itself
                assertEquals(REFERENCE, out.frame(0));
            }
        }
    }

    @Test
    void naiveModePutsTheFirstNoseOnTheReferenceNose() {
        Random random = new Random(7);
        for (int trial = 0; trial < 100; trial++) {
            KeypointSequence out = KeypointRetargeter.naive(REFERENCE, randomFaces(random, 10), TargetFrameSelection.CLOSEST_RATIO);
            assertEquals(REFERENCE.noseX(), out.get(0, 2, 0), 1e-3f);
            assertEquals(REFERENCE.noseY(), out.get(0, 2, 1), 1e-3f);
        }
    }

    @Test
    void fixFaceRepeatsTheReferenceAndNoRetargetOnlyAligns() {
        KeypointSequence driving = randomFaces(new Random(1), 7);
        assertEquals(KeypointSequence.repeat(REFERENCE, 12),
                KeypointRetargeter.apply(RetargetStrategy.FIX_FACE, REFERENCE, null, 12, TargetFrameSelection.CLOSEST_RATIO));
        assertEquals(KeypointAligner.align(driving, 12),
                KeypointRetargeter.apply(RetargetStrategy.NO_RETARGET, null, driving, 12, TargetFrameSelection.CLOSEST_RATIO));
    }

    @Test
    void correctedSelectionPicksTheClosestRatioAndCompatibleOneReproducesTheBug() {
        // ratios (left/right eye-to-nose distance): frame 0 far off, frame 1 exact, frame 2 close, frame 3 off again
        KeypointSequence driving = KeypointSequence.of(new float[] {
            100, 100, 200, 100, 110, 150, // nose near the left eye: ratio well below 1
            100, 100, 200, 100, 150, 150, // symmetric: ratio 1
            100, 100, 200, 100, 152, 150, // nearly symmetric
            100, 100, 200, 100, 190, 170, // nose near the right eye: ratio well above 1, longer nose
        });
        FaceKeypoints symmetric = new FaceKeypoints(0, 0, 100, 0, 50, 40);
        assertEquals(1, KeypointRetargeter.selectTargetFrame(symmetric, driving, TargetFrameSelection.CLOSEST_RATIO));
        // V-Express: frame 0 accepted (delta < 10000), best := ratio0 (~0.8); frame 1 delta 0 < 0.8 accepted, best := 1;
        // frame 2 delta ~0.04 < 1 accepted, best := ~1.04; frame 3 delta ~0.6 < 1.04 accepted -> the last frame.
        assertEquals(3, KeypointRetargeter.selectTargetFrame(symmetric, driving, TargetFrameSelection.REFERENCE_COMPATIBLE));
        assertNotEquals(KeypointRetargeter.naive(symmetric, driving, TargetFrameSelection.CLOSEST_RATIO),
                KeypointRetargeter.naive(symmetric, driving, TargetFrameSelection.REFERENCE_COMPATIBLE));
    }

    @Test
    void requestSettingsChooseStrategyAndSelection(@TempDir Path dir) throws IOException {
        Path image = Files.createFile(dir.resolve("ref.jpg"));
        Path audio = Files.createFile(dir.resolve("aud.mp3"));
        KeypointSequence driving = randomFaces(new Random(8), 30);
        for (boolean compatible : new boolean[] {false, true}) {
            GenerationRequest request = GenerationRequest.builder()
                    .setReferenceImage(image).setAudio(audio).setOutput(dir.resolve("out.mp4"))
                    .optKeypoints(driving).optRetargetStrategy(RetargetStrategy.NAIVE_RETARGET)
                    .optReferenceCompatibleRetarget(compatible).build();
            assertEquals(KeypointRetargeter.apply(RetargetStrategy.NAIVE_RETARGET, REFERENCE, driving, 40, TargetFrameSelection.of(compatible)),
                    KeypointRetargeter.apply(request, REFERENCE, driving, 40));
        }
    }

    @Test
    void degenerateGeometryIsAClearError() {
        KeypointSequence good = randomFaces(new Random(2), 5);
        FaceKeypoints coincidentEyes = new FaceKeypoints(200, 200, 200, 200, 230, 260);
        FaceKeypoints noseOnEyeLine = new FaceKeypoints(200, 200, 300, 200, 250, 200);
        for (FaceKeypoints bad : new FaceKeypoints[] {coincidentEyes, noseOnEyeLine}) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> KeypointRetargeter.offset(bad, good, TargetFrameSelection.CLOSEST_RATIO));
            assertTrue(e.getMessage().contains("reference face"), e.getMessage());
            KeypointSequence badSequence = KeypointSequence.repeat(bad, 4);
            e = assertThrows(InvalidInputException.class,
                    () -> KeypointRetargeter.naive(REFERENCE, badSequence, TargetFrameSelection.CLOSEST_RATIO));
            assertTrue(e.getMessage().contains("driving frame"), e.getMessage());
        }
        // NaN, infinite coordinates and empty sequences cannot even reach the retargeter
        assertThrows(InvalidInputException.class, () -> new FaceKeypoints(Float.NaN, 0, 1, 0, 0.5f, 1));
        assertThrows(InvalidInputException.class, () -> KeypointSequence.of(new float[] {0, 0, 1, 0, Float.POSITIVE_INFINITY, 1}));
        assertThrows(InvalidInputException.class, () -> KeypointSequence.of(new float[0]));
        // overflow to infinity is refused, never returned
        KeypointSequence huge = KeypointSequence.of(new float[] {
            100, 100, 110, 100, 105, 108, // a small face: scale factors around 9
            1e38f, 1e38f, 1e38f, 1e38f, 1e38f, 1e38f, // scaled by 9 this overflows
        });
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> KeypointRetargeter.naive(REFERENCE, huge, TargetFrameSelection.CLOSEST_RATIO));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
    }

    @Test
    void missingInputsAreClearErrors() {
        KeypointSequence driving = randomFaces(new Random(4), 3);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> KeypointRetargeter.apply(RetargetStrategy.OFFSET_RETARGET, REFERENCE, null, 5, TargetFrameSelection.CLOSEST_RATIO));
        assertTrue(e.getMessage().contains("optKeypoints"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> KeypointRetargeter.apply(RetargetStrategy.FIX_FACE, null, driving, 5, TargetFrameSelection.CLOSEST_RATIO));
        assertTrue(e.getMessage().contains("optReferenceKeypoints"), e.getMessage());
        assertThrows(InvalidInputException.class,
                () -> KeypointRetargeter.apply(null, REFERENCE, driving, 5, TargetFrameSelection.CLOSEST_RATIO));
        assertThrows(InvalidInputException.class,
                () -> KeypointRetargeter.apply(RetargetStrategy.NAIVE_RETARGET, REFERENCE, driving, 0, TargetFrameSelection.CLOSEST_RATIO));
        assertThrows(InvalidInputException.class, () -> KeypointRetargeter.offset(REFERENCE, driving, null));
        assertSame(TargetFrameSelection.REFERENCE_COMPATIBLE, TargetFrameSelection.of(true));
    }

    static KeypointSequence randomFaces(Random random, int frames) {
        float[] xy = new float[frames * 6];
        float cx = 150 + random.nextFloat() * 200;
        float cy = 150 + random.nextFloat() * 200;
        float scale = 40 + random.nextFloat() * 120;
        for (int f = 0; f < frames; f++) {
            float jx = (float) random.nextGaussian() * 8;
            float jy = (float) random.nextGaussian() * 8;
            xy[f * 6] = cx - 0.35f * scale + jx;
            xy[f * 6 + 1] = cy - 0.2f * scale + jy + (float) random.nextGaussian();
            xy[f * 6 + 2] = cx + 0.35f * scale + jx;
            xy[f * 6 + 3] = cy - 0.2f * scale + jy + (float) random.nextGaussian();
            xy[f * 6 + 4] = cx + jx + (float) random.nextGaussian() * scale * 0.1f;
            xy[f * 6 + 5] = cy + 0.15f * scale + jy;
        }
        return KeypointSequence.of(xy);
    }
}
