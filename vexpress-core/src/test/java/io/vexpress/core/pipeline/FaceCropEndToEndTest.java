package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.ImageFit;
import io.vexpress.KeypointTiming;
import io.vexpress.MemoryMode;
import io.vexpress.RetargetStrategy;
import io.vexpress.core.conditioning.KeypointTimeline;
import io.vexpress.core.image.CropBox;
import io.vexpress.core.image.FaceFraming;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FACE_CROP, paste-back and keypoint timing through the whole engine on the tiny bundle. */
class FaceCropEndToEndTest {
    private static final ParityFixture FIXTURE = new ParityFixture();
    private static VExpressGenerator generator;

    @BeforeAll
    static void open() {
        generator = new VExpressGenerator(TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.KEEP_LOADED));
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    /** A 641x427 "bust shot": noise, with a small face (eyes 24 px apart) right of centre. */
    private static final RgbImage PHOTO;
    private static final FaceKeypoints FACE_IN_PHOTO = new FaceKeypoints(430, 150, 454, 150, 442, 163);

    static {
        byte[] rgb = new byte[641 * 427 * 3];
        new Random(7).nextBytes(rgb);
        PHOTO = RgbImage.of(641, 427, rgb);
    }

    private GenerationRequest.Builder request(CapturingOutput out) {
        return FIXTURE.request(out)
                .setReferenceImage(PHOTO)
                .optImageFit(ImageFit.FACE_CROP)
                .optReferenceKeypoints(FACE_IN_PHOTO)
                .optRetargetStrategy(RetargetStrategy.FIX_FACE);
    }

    @Test
    void pasteBackGivesThePhotosSizeAndLeavesEverythingFarFromTheFaceUntouched() {
        CapturingOutput out = new CapturingOutput();
        generator.generate(request(out).optPasteBack(true).build());
        assertEquals(640, out.format.width(), "641 rounded down to even");
        assertEquals(426, out.format.height());
        CropBox box = FaceFraming.VEXPRESS_SAMPLES.cropAround(FACE_IN_PHOTO, FIXTURE.request(out).build().width(),
                FIXTURE.request(out).build().height());
        List<RgbImage> frames = out.committed;
        assertTrue(frames.size() > 5);
        int changedInside = 0;
        for (RgbImage f : frames) {
            assertEquals(640, f.width());
            for (int y = 0; y < 426; y++) {
                for (int x = 0; x < 640; x++) {
                    boolean far = x < box.x() - 1 || x > box.x() + box.width() + 1 || y < box.y() - 1 || y > box.y() + box.height() + 1;
                    for (int c = 0; c < 3; c++) {
                        if (far) {
                            assertEquals(PHOTO.channel(x, y, c), f.channel(x, y, c));
                        } else if (PHOTO.channel(x, y, c) != f.channel(x, y, c)) {
                            changedInside++;
                        }
                    }
                }
            }
        }
        assertTrue(changedInside > frames.size() * box.width() * box.height(), "the generated face replaces the crop");
    }

    @Test
    void theReferenceIsTheFramedCropAndTheFixFaceKeypointsFollowIt() {
        CapturingOutput out = new CapturingOutput();
        GenerationRequest r = request(out).build();
        ResolvedInputs in = InputResolver.resolve(r, 16000, image -> {
            throw new AssertionError("the keypoints are given: no detection");
        }, warning -> { });
        CropBox box = FaceFraming.VEXPRESS_SAMPLES.cropAround(FACE_IN_PHOTO, r.width(), r.height());
        FaceKeypoints expected = box.toOutput(FACE_IN_PHOTO, r.width(), r.height());
        assertEquals(expected, in.keypoints().frame(0));
        assertEquals(FaceFraming.VEXPRESS_SAMPLES.faceSize() * Math.min(r.width(), r.height()),
                FaceFraming.eyeDistance(in.keypoints().frame(0)), 1e-3);
        assertEquals(r.width(), in.reference().width());
        assertTrue(in.pasteBack().isEmpty());
    }

    @Test
    void aDetectorIsAskedForTheFaceInThePhotoThenInTheCropsFramedAroundIt() {
        CapturingOutput out = new CapturingOutput();
        GenerationRequest r = FIXTURE.request(out).setReferenceImage(PHOTO).optImageFit(ImageFit.FACE_CROP)
                .optRetargetStrategy(RetargetStrategy.FIX_FACE).build();
        CropBox box = FaceFraming.VEXPRESS_SAMPLES.cropAround(FACE_IN_PHOTO, r.width(), r.height());
        FaceKeypoints inCrop = box.toOutput(FACE_IN_PHOTO, r.width(), r.height());
        FaceKeypoints finalDetection = new FaceKeypoints(inCrop.leftEyeX() + 1, inCrop.leftEyeY(), inCrop.rightEyeX() + 1,
                inCrop.rightEyeY(), inCrop.noseX() + 1, inCrop.noseY());
        List<Integer> widths = new java.util.ArrayList<>();
        ResolvedInputs in = InputResolver.resolve(r, 16000, image -> {
            widths.add(image.width());
            return widths.size() == 1 ? FACE_IN_PHOTO : widths.size() == 2 ? inCrop : finalDetection;
        }, warning -> { });
        assertEquals(List.of(641, r.width(), r.width()), widths, "the photo as it is (below 1024 px), then two crops");
        assertEquals(finalDetection, in.keypoints().frame(0), "the final crop's own detection is used");
    }

    @Test
    void aFaceFoundOnlyInThePhotoStillPlacesTheCrop() {
        CapturingOutput out = new CapturingOutput();
        GenerationRequest r = FIXTURE.request(out).setReferenceImage(PHOTO).optImageFit(ImageFit.FACE_CROP)
                .optRetargetStrategy(RetargetStrategy.FIX_FACE).build();
        int[] calls = {0};
        ResolvedInputs in = InputResolver.resolve(r, 16000, image -> {
            if (calls[0]++ == 0) {
                return FACE_IN_PHOTO;
            }
            throw new io.vexpress.InvalidInputException("no face");
        }, warning -> { });
        CropBox box = FaceFraming.VEXPRESS_SAMPLES.cropAround(FACE_IN_PHOTO, r.width(), r.height());
        FaceKeypoints expected = box.toOutput(FACE_IN_PHOTO, r.width(), r.height());
        assertEquals(expected.leftEyeX(), in.keypoints().frame(0).leftEyeX(), 1e-3);
        assertEquals(expected.noseY(), in.keypoints().frame(0).noseY(), 1e-3);
    }

    @Test
    void loopTimingReachesTheConditioning() {
        CapturingOutput out = new CapturingOutput();
        GenerationRequest stretch = FIXTURE.request(out).build();
        GenerationRequest loop = FIXTURE.request(out).optKeypointTiming(KeypointTiming.LOOP).optKeypointFps(10).build();
        ResolvedInputs a = InputResolver.resolve(stretch, 16000, image -> null, warning -> { });
        ResolvedInputs b = InputResolver.resolve(loop, 16000, image -> null, warning -> { });
        assertEquals(a.timing(), b.timing());
        assertEquals(KeypointTimeline.fit(FIXTURE.keypoints, b.timing().frames(), b.timing().fps(), KeypointTiming.LOOP, 10),
                b.keypoints(), "no_retarget: the timed sequence itself");
        assertNotEquals(a.keypoints(), b.keypoints());
    }
}
