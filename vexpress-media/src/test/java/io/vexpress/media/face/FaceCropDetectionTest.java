package io.vexpress.media.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.GenerationRequest;
import io.vexpress.ImageFit;
import io.vexpress.RetargetStrategy;
import io.vexpress.core.face.ReferenceKeypoints;
import io.vexpress.core.image.BicubicResize;
import io.vexpress.core.image.CropBox;
import io.vexpress.core.image.FaceFraming;
import io.vexpress.core.image.ImageFitter;
import io.vexpress.core.pipeline.InputResolver;
import io.vexpress.core.pipeline.ResolvedInputs;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ImageFit.FACE_CROP with a real detector (the OpenCV cascade; SCRFD needs a download): a portrait made
 * small and off-centre in a large photo is cropped back to the framing of V-Express's samples.
 */
class FaceCropDetectionTest {
    /** "A few pixels" at 512x512: the cascade's own keypoint error is about 5 px (docs/face-keypoints.md). */
    private static final double TOLERANCE_PX = 6;
    private static CascadeFaceDetector detector;

    @BeforeAll
    static void open() {
        detector = CascadeFaceDetector.create();
    }

    @AfterAll
    static void close() {
        detector.close();
    }

    /**
     * {@code portrait} padded with its edge pixels into a {@code 5:4} canvas at {@code (left, top)}, then scaled by
     * {@code scale}; returns the photo and where {@code face} lands in it.
     */
    private static Object[] offCentre(RgbImage portrait, FaceKeypoints face, int canvasW, int canvasH, int left, int top, double scale) {
        CropBox pad = new CropBox(-left, -top, canvasW, canvasH);
        RgbImage padded = ImageFitter.crop(portrait, pad, canvasW, canvasH);
        int w = (int) Math.round(canvasW * scale);
        int h = (int) Math.round(canvasH * scale);
        RgbImage photo = BicubicResize.resize(padded, w, h);
        float[] p = face.toArray();
        for (int i = 0; i < 6; i++) {
            double shifted = p[i] + (i % 2 == 0 ? left : top);
            p[i] = (float) ((shifted + 0.5) * scale - 0.5);
        }
        return new Object[] {photo, FaceKeypoints.of(p)};
    }

    /** Crops {@code photo} with FACE_CROP and returns the true face's position in the crop. */
    private static FaceKeypoints cropAndLocate(RgbImage photo, FaceKeypoints truth) {
        GenerationRequest request = GenerationRequest.builder()
                .setReferenceImage(photo)
                .setAudio(PcmAudio.mono(new float[16000], 16000))
                .setOutput(format -> {
                    throw new AssertionError("not opened");
                })
                .optImageFit(ImageFit.FACE_CROP)
                .optPasteBack(true)
                .optRetargetStrategy(RetargetStrategy.FIX_FACE)
                .build();
        ResolvedInputs in = InputResolver.resolve(request, 16000,
                image -> ReferenceKeypoints.detect(detector, image, image.width(), image.height()), warning -> { });
        CropBox box = in.pasteBack().orElseThrow().box();
        assertEquals(512, in.reference().width());
        return box.toOutput(truth, 512, 512);
    }

    private static void assertFramed(String what, FaceKeypoints inCrop) {
        FaceFraming target = FaceFraming.VEXPRESS_SAMPLES;
        double ex = (inCrop.leftEyeX() + inCrop.rightEyeX()) / 2;
        double ey = (inCrop.leftEyeY() + inCrop.rightEyeY()) / 2;
        double size = target.sizeOf(inCrop);
        System.out.printf(Locale.ROOT, "%s: eyes at (%.1f, %.1f), target (%.1f, %.1f); face size %.1f, target %.1f%n", what,
                ex, ey, target.eyesX() * 512, target.eyesY() * 512, size, target.faceSize() * 512);
        assertEquals(target.eyesX() * 512, ex, TOLERANCE_PX, what + ": eyes x");
        assertEquals(target.eyesY() * 512, ey, TOLERANCE_PX, what + ": eyes y");
        assertEquals(target.faceSize() * 512, size, TOLERANCE_PX, what + ": face size");
    }

    @Test
    void aSmallOffCentreFaceInALargePhotoIsCroppedToTheSampleFraming() {
        // the committed 256x256 portrait (sample 10 halved), padded to 1280x1024 at the right, scaled 1.5x:
        // a 1920x1536 photo whose face's eyes are 87 px apart, its midpoint at about (1445, 337)
        JsonNode ten = SampleImages.firstFrames().get("10");
        Object[] made = offCentre(SampleImages.golden("ten_256.jpg"), SampleImages.keypoints(ten, 0.5f), 1280, 1024, 880, 120, 1.5);
        RgbImage photo = (RgbImage) made[0];
        FaceKeypoints truth = (FaceKeypoints) made[1];
        assertTrue((truth.leftEyeX() + truth.rightEyeX()) / 2 > 0.7 * photo.width(), "off-centre");
        assertTrue(FaceFraming.eyeDistance(truth) < 0.05 * photo.width(), "small");
        assertFramed("ten_256 in 1920x1536", cropAndLocate(photo, truth));
    }

    @Test
    void theSamplePortraitsThemselvesSmallAndOffCentre() {
        Path samples = SampleImages.samples().orElse(null);
        Assumptions.assumeTrue(samples != null, "V-Express samples not found (../shared/samples)");
        for (Map.Entry<String, JsonNode> e : SampleImages.firstFrames().entrySet()) {
            if (!e.getValue().get("ref_is_first_frame").asBoolean()) {
                continue; // no ground truth for tys's ref.jpg
            }
            RgbImage ref = SampleImages.decodeImage(samples.resolve(e.getKey()).resolve("ref.jpg"));
            Object[] made = offCentre(ref, SampleImages.keypoints(e.getValue(), 1f), 2000, 1500, 100, 700, 1.0);
            assertFramed(e.getKey() + " in 2000x1500", cropAndLocate((RgbImage) made[0], (FaceKeypoints) made[1]));
        }
    }
}
