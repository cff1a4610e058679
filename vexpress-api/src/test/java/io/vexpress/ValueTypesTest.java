package io.vexpress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.progress.ProgressEvent;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void retargetStrategyParsesVExpressNames() {
        assertEquals(RetargetStrategy.NO_RETARGET, RetargetStrategy.parse("no_retarget"));
        assertEquals(RetargetStrategy.FIX_FACE, RetargetStrategy.parse("FIX_FACE"));
        assertEquals(RetargetStrategy.OFFSET_RETARGET, RetargetStrategy.parse(" offset-retarget "));
        assertEquals(RetargetStrategy.NAIVE_RETARGET, RetargetStrategy.parse("Naive_Retarget"));
        String m = assertThrows(InvalidInputException.class, () -> RetargetStrategy.parse("fixface")).getMessage();
        assertTrue(m.contains("fixface") && m.contains("fix_face, no_retarget, offset_retarget, naive_retarget"), m);
        assertEquals("offset_retarget", RetargetStrategy.OFFSET_RETARGET.snakeCaseName());
    }

    @Test
    void deviceParsing() {
        assertEquals(Device.cpu(), Device.parse("CPU"));
        assertEquals(Device.cuda(0), Device.parse("cuda"));
        assertEquals(Device.cuda(3), Device.parse("cuda:3"));
        assertEquals(Device.auto(), Device.parse("auto"));
        assertEquals("cuda:3", Device.cuda(3).toString());
        assertThrows(InvalidInputException.class, () -> Device.parse("cuda:x"));
        assertThrows(InvalidInputException.class, () -> Device.parse("tpu"));
        assertThrows(InvalidInputException.class, () -> Device.cuda(-1));
    }

    @Test
    void keypointSequenceRejectsBadShapesAndNonFiniteValues() {
        assertThrows(InvalidInputException.class, () -> KeypointSequence.of(new float[0]));
        assertThrows(InvalidInputException.class, () -> KeypointSequence.of(new float[7]));
        float[] nan = new float[12];
        nan[8] = Float.NaN;
        String m = assertThrows(InvalidInputException.class, () -> KeypointSequence.of(nan)).getMessage();
        assertTrue(m.contains("frame 1, point 1"), m);
        float[] xy = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        KeypointSequence s = KeypointSequence.of(xy);
        xy[0] = 99; // the sequence keeps its own copy
        assertEquals(1f, s.get(0, 0, 0));
        assertEquals(11f, s.get(1, 2, 0));
        assertEquals(new FaceKeypoints(7, 8, 9, 10, 11, 12), s.frame(1));
        assertEquals(4, KeypointSequence.repeat(s.frame(0), 4).frameCount());
        assertThrows(InvalidInputException.class, () -> new FaceKeypoints(0, 0, 0, 0, 0, Float.POSITIVE_INFINITY));
    }

    @Test
    void detectedFaceGivesTheFirstThreeLandmarks() {
        DetectedFace f = new DetectedFace(0, 0, 10, 10, 0.9f, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        assertEquals(new FaceKeypoints(1, 2, 3, 4, 5, 6), f.keypoints());
    }

    @Test
    void pcmAudioDurationAndDownmix() {
        PcmAudio a = PcmAudio.of(new float[] {0.5f, -0.5f, 1f, 0f}, 8000, 2);
        assertEquals(2, a.frameCount());
        assertEquals(2.0 / 8000, a.durationSeconds());
        assertArrayEquals(new float[] {0f, 0.5f}, a.toMonoArray());
        assertThrows(InvalidInputException.class, () -> PcmAudio.of(new float[3], 8000, 2));
        assertThrows(InvalidInputException.class, () -> PcmAudio.mono(new float[] {Float.NaN}, 8000));
        assertThrows(InvalidInputException.class, () -> PcmAudio.mono(new float[1], 0));
    }

    @Test
    void rgbImageChecksItsLength() {
        assertThrows(InvalidInputException.class, () -> RgbImage.of(2, 2, new byte[11]));
        RgbImage img = RgbImage.of(2, 1, new byte[] {1, 2, 3, (byte) 250, 5, 6});
        assertEquals(250, img.channel(1, 0, 0));
        assertEquals(RgbImage.of(2, 1, new byte[] {1, 2, 3, (byte) 250, 5, 6}), img);
    }

    @Test
    void denoisingProgressFraction() {
        assertEquals(1.0, new ProgressEvent.DenoisingStep(25, 25, 3, 3).fraction(), 1e-12);
        assertEquals(0.5, new ProgressEvent.DenoisingStep(1, 1, 1, 2).fraction(), 1e-12);
    }
}
