package io.vexpress.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vexpress.InvalidInputException;
import io.vexpress.keypoints.FaceKeypoints;
import org.junit.jupiter.api.Test;

class FaceFramingTest {
    private static final FaceFraming F = FaceFraming.VEXPRESS_SAMPLES;

    private static double eyesX(FaceKeypoints k) {
        return (k.leftEyeX() + k.rightEyeX()) / 2;
    }

    private static double eyesY(FaceKeypoints k) {
        return (k.leftEyeY() + k.rightEyeY()) / 2;
    }

    @Test
    void aFrontalFaceAnywhereInAnyPhotoEndsUpFramedLikeTheSamples() {
        // a small face far off-centre in a 4000x3000 photo: eyes 60 px apart, nose 30 px below them
        FaceKeypoints photoFace = new FaceKeypoints(3100, 500, 3160, 500, 3130, 530);
        CropBox box = F.cropAround(photoFace, 512, 512);
        assertEquals(box.width(), box.height(), 1e-9);
        FaceKeypoints out = box.toOutput(photoFace, 512, 512);
        assertEquals(F.eyesX() * 512, eyesX(out), 1e-3);
        assertEquals(F.eyesY() * 512, eyesY(out), 1e-3);
        assertEquals(F.faceSize() * 512, FaceFraming.eyeDistance(out), 1e-3);
        // and back
        FaceKeypoints back = box.toPhoto(out, 512, 512);
        assertEquals(3100, back.leftEyeX(), 1e-2);
        assertEquals(530, back.noseY(), 1e-2);
    }

    @Test
    void aTurnedHeadIsSizedByItsNoseDropNotItsShrunkenEyeDistance() {
        // eyes only 30 px apart (head turned), nose 40 px below: size = 40 / 0.56 = 71.4 px, not 30
        FaceKeypoints turned = new FaceKeypoints(1000, 1000, 1030, 1000, 1040, 1040);
        assertEquals(40 / F.noseDropPerEyeDistance(), F.sizeOf(turned), 1e-9);
        FaceKeypoints out = F.cropAround(turned, 512, 512).toOutput(turned, 512, 512);
        assertEquals(F.faceSize() * 512, FaceFraming.noseDrop(out) / F.noseDropPerEyeDistance(), 1e-2);
    }

    @Test
    void aNonSquareOutputCentresTheSquareFramingOnItsShorterSide() {
        FaceKeypoints face = new FaceKeypoints(400, 300, 460, 300, 430, 330);
        CropBox box = F.cropAround(face, 384, 512);
        assertEquals(384.0 / 512, box.width() / box.height(), 1e-9);
        FaceKeypoints out = box.toOutput(face, 384, 512);
        assertEquals(F.faceSize() * 384, FaceFraming.eyeDistance(out), 1e-3);
        assertEquals(192 + (F.eyesX() - 0.5) * 384, eyesX(out), 1e-3);
        assertEquals(256 + (F.eyesY() - 0.5) * 384, eyesY(out), 1e-3);
    }

    @Test
    void coincidentKeypointsAreRefused() {
        FaceKeypoints dot = new FaceKeypoints(10, 10, 10, 10, 10, 10);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> F.cropAround(dot, 512, 512));
        assertEquals(true, e.getMessage().contains("do not span a face"));
    }
}
