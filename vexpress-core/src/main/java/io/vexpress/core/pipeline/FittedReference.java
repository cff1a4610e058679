package io.vexpress.core.pipeline;

import io.vexpress.GenerationRequest;
import io.vexpress.ImageFit;
import io.vexpress.InvalidInputException;
import io.vexpress.core.face.Cv2Resize;
import io.vexpress.core.image.BicubicResize;
import io.vexpress.core.image.CropBox;
import io.vexpress.core.image.FaceFraming;
import io.vexpress.core.image.ImageFitter;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import java.util.function.Function;

/**
 * The reference image cut from the photo as {@link GenerationRequest#imageFit()} says, and the reference face's
 * keypoints in its pixels.
 *
 * <p>Where the face is detected: for a reference made of the whole photo (STRETCH, or CENTER_CROP of a photo
 * with the output's aspect ratio) on the photo resized with {@code cv2.resize} as V-Express does; for any other
 * crop on the reference image itself, so that the keypoints match what the models see. FACE_CROP first finds the
 * face in the photo (the request's keypoints, given in the photo's pixels, or the detector on the photo reduced
 * to at most {@value #LOCATE_SIDE} pixels), frames a crop around it ({@link FaceFraming#VEXPRESS_SAMPLES}); a
 * detected face is detected again in that crop, where it has the size detectors are best at, and the final crop is
 * framed around that. The reference keypoints are detected once more in the final crop, as V-Express detects on
 * its 512x512 input. A pass that finds no face, or another face, keeps the previous pass's.
 *
 * @param image the reference at the output size
 * @param box the region of the photo it was cut from
 * @param face the reference face's keypoints in the reference's pixels, or null when they were not needed
 */
record FittedReference(RgbImage image, CropBox box, FaceKeypoints face) {
    /** The longest side of the photo the face is first looked for in (faster, and enough to place the crop). */
    static final int LOCATE_SIDE = 1024;

    /**
     * @param needFace whether the strategy needs the reference face's keypoints
     * @param detector the first face of an image in its own pixels; throws {@link InvalidInputException} when none
     */
    static FittedReference of(GenerationRequest request, RgbImage photo, boolean needFace,
                              Function<RgbImage, FaceKeypoints> detector) {
        int w = request.width();
        int h = request.height();
        if (request.imageFit() != ImageFit.FACE_CROP) {
            CropBox box = ImageFitter.box(photo, w, h, request.imageFit());
            RgbImage image = ImageFitter.fit(photo, w, h, request.imageFit());
            FaceKeypoints face = null;
            if (needFace) {
                face = request.referenceKeypoints().orElseGet(() -> detector.apply(
                        box.isWhole(photo) ? Cv2Resize.resize(photo, w, h) : image));
            }
            return new FittedReference(image, box, face);
        }
        FaceFraming framing = FaceFraming.VEXPRESS_SAMPLES;
        if (request.referenceKeypoints().isPresent()) {
            FaceKeypoints given = request.referenceKeypoints().get();
            CropBox box = framing.cropAround(given, w, h);
            return new FittedReference(ImageFitter.crop(photo, box, w, h), box, needFace ? box.toOutput(given, w, h) : null);
        }
        // The first pass sees the face small; detected again at the framed size, it places the final crop.
        FaceKeypoints located = locate(photo, detector);
        CropBox first = framing.cropAround(located, w, h);
        FaceKeypoints refined = first.toPhoto(
                redetect(ImageFitter.crop(photo, first, w, h), detector, first.toOutput(located, w, h)), w, h);
        CropBox box = framing.cropAround(refined, w, h);
        RgbImage image = ImageFitter.crop(photo, box, w, h);
        FaceKeypoints face = needFace ? redetect(image, detector, box.toOutput(refined, w, h)) : null;
        return new FittedReference(image, box, face);
    }

    /** The first face in the photo, in the photo's pixels. */
    private static FaceKeypoints locate(RgbImage photo, Function<RgbImage, FaceKeypoints> detector) {
        int longest = Math.max(photo.width(), photo.height());
        if (longest <= LOCATE_SIDE) {
            return detector.apply(photo);
        }
        double scale = (double) LOCATE_SIDE / longest;
        int sw = Math.max(1, (int) Math.round(photo.width() * scale));
        int sh = Math.max(1, (int) Math.round(photo.height() * scale));
        FaceKeypoints small = detector.apply(BicubicResize.resize(photo, sw, sh));
        return new CropBox(0, 0, sw, sh).toOutput(small, photo.width(), photo.height());
    }

    private static FaceKeypoints redetect(RgbImage crop, Function<RgbImage, FaceKeypoints> detector, FaceKeypoints fallback) {
        FaceKeypoints found;
        try {
            found = detector.apply(crop);
        } catch (InvalidInputException noFace) {
            return fallback;
        }
        // another face at the crop's edge can score higher: keep the one the crop was framed around
        double apart = Math.hypot(found.leftEyeX() + found.rightEyeX() - fallback.leftEyeX() - fallback.rightEyeX(),
                found.leftEyeY() + found.rightEyeY() - fallback.leftEyeY() - fallback.rightEyeY()) / 2;
        return apart <= FaceFraming.eyeDistance(fallback) ? found : fallback;
    }
}
