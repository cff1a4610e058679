package io.vexpress.core.pipeline;

import io.vexpress.GenerationRequest;
import io.vexpress.ImageFit;
import io.vexpress.InvalidInputException;
import io.vexpress.RetargetStrategy;
import io.vexpress.Setting;
import io.vexpress.core.audio.ModelAudio;
import io.vexpress.core.denoise.VideoTiming;
import io.vexpress.core.face.FaceQualityCheck;
import io.vexpress.core.conditioning.KeypointTimeline;
import io.vexpress.core.image.PasteBack;
import io.vexpress.core.retarget.KeypointRetargeter;
import io.vexpress.core.retarget.TargetFrameSelection;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.AudioDecoder;
import io.vexpress.spi.ImageDecoder;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The LOAD_INPUTS stage: decodes the reference image, audio and keypoints (file inputs through the codecs of
 * vexpress-media, found with {@link Services}), finds the reference face's keypoints when a strategy needs
 * them, cuts the reference image out of the photo ({@link FittedReference}), derives the video length, lays the
 * keypoint sequence over it ({@link KeypointTimeline}) and retargets it, as V-Express's
 * {@code inference.py} does before its pipeline call. Everything that can be wrong with the inputs fails here,
 * before any model runs (but the face detector); what is only unusual (audio outside 1-60 s or 16-48 kHz, a small or
 * stretched portrait, a small or tilted face) goes to the caller's warning sink.
 */
public final class InputResolver {
    /** The reference image is decoded with at least this many times the video's pixels per side (when larger). */
    static final int NEEDED_IMAGE_SCALE = 2;

    private InputResolver() {
    }

    /**
     * Everything the engine derives from a request before a model runs, for tools that show it without
     * running the models (the CLI's {@code preview}): same frame count, fps and conditioning as a generation.
     *
     * @param audioSampleRate the rate the audio encoder works at (the bundle's; 16 kHz for V-Express)
     * @param referenceFace the first face of an image, in that image's pixels (the resolver chooses the image:
     *     see {@link FittedReference}); throws {@link InvalidInputException} when there is none or no detector is
     *     available
     * @param warnings receives each warning about the inputs, one sentence each, as soon as it is found
     */
    public static ResolvedInputs resolve(GenerationRequest request, int audioSampleRate,
                                         Function<RgbImage, FaceKeypoints> referenceFace, Consumer<String> warnings) {
        return resolve(request, audioSampleRate, referenceFace, FrameTiming.DEFAULT, warnings);
    }

    /**
     * @param frameTiming the number of frames for the audio duration (tests override the engine's rule)
     */
    static ResolvedInputs resolve(GenerationRequest request, int audioSampleRate,
                                  Function<RgbImage, FaceKeypoints> referenceFace, FrameTiming frameTiming,
                                  Consumer<String> warnings) {
        // The image is only ever resized down to the video size (and so is the face detector's copy); twice that keeps
        // the resize's antialiasing, and lets a decoder keep a very large photo out of the heap. A face crop may cut a
        // small part of the photo, and paste-back returns to the photo's resolution: those need every pixel.
        boolean fullSize = request.imageFit() == ImageFit.FACE_CROP || request.pasteBack();
        int neededWidth = fullSize ? Integer.MAX_VALUE : NEEDED_IMAGE_SCALE * request.width();
        int neededHeight = fullSize ? Integer.MAX_VALUE : NEEDED_IMAGE_SCALE * request.height();
        RgbImage original = request.referenceImage().orElseGet(() -> Services.require(ImageDecoder.class, "vexpress-media")
                .decode(request.referenceImagePath().orElseThrow(), request.applyExifOrientation(), neededWidth, neededHeight));
        InputChecks.portrait(original, request, warnings);
        RetargetStrategy strategy = request.retargetStrategy();
        KeypointSequence driving = null;
        if (strategy.needsKeypointSequence()) {
            driving = request.keypoints().orElseGet(() -> Services.require(KeypointSequenceCodec.class, "vexpress-media")
                    .read(request.keypointsPath().orElseThrow()));
        }
        FittedReference fitted = FittedReference.of(request, original, strategy.needsReferenceKeypoints(), referenceFace);
        FaceKeypoints face = fitted.face();
        PcmAudio decoded = request.audio().orElseGet(() -> Services.require(AudioDecoder.class, "vexpress-media")
                .decode(request.audioPath().orElseThrow()));
        float[] waveform = ModelAudio.monoAt(decoded, audioSampleRate);
        if (waveform.length == 0) {
            throw new InvalidInputException(Setting.AUDIO, "The audio " + request.audioPath().map(Object::toString).orElse("(PCM)")
                    + " holds no samples; give speech of 1-60 s to {AUDIO}.");
        }
        double duration = (double) waveform.length / audioSampleRate;
        VideoTiming timing = frameTiming.of(duration, request);
        InputChecks.audio(decoded, duration, timing, request, warnings);
        KeypointSequence timed = driving == null ? null : KeypointTimeline.fit(driving, timing, request);
        KeypointSequence keypoints = KeypointRetargeter.apply(strategy, face, timed, timing.frames(),
                TargetFrameSelection.of(request.referenceCompatibleRetarget()));
        Optional<PasteBack> pasteBack = request.pasteBack()
                ? Optional.of(encodable(new PasteBack(original, fitted.box()), request, warnings)) : Optional.empty();
        ResolvedInputs resolved = new ResolvedInputs(fitted.image(), waveform, duration, timing, keypoints,
                request.audioPath(), request.audioPath().isPresent() ? Optional.empty() : Optional.of(decoded),
                Optional.ofNullable(driving), pasteBack);
        faceWarnings(request, face, driving).forEach(warnings);
        return resolved;
    }

    /** For an MP4 file, the paste-back within the encoder's frame-size limit (with a warning when it had to shrink). */
    private static PasteBack encodable(PasteBack full, GenerationRequest request, Consumer<String> warnings) {
        if (request.outputPath().isEmpty()) {
            return full;
        }
        long limit = Services.find(VideoEncoder.class).map(VideoEncoder::maxFramePixels).orElse(Long.MAX_VALUE);
        PasteBack fitted = full.limitedTo(limit);
        if (fitted != full) {
            warnings.accept("The photo is " + full.photo().width() + "x" + full.photo().height() + " but the H.264 encoder"
                    + " (libopenh264) writes at most " + limit + " pixels per frame, so the pasted-back video is "
                    + fitted.videoWidth() + "x" + fitted.videoHeight() + ". Build with -Pgpl (libx264) for the full size.");
        }
        return fitted;
    }

    /**
     * The mistakes V-Express users most often make, checked wherever the reference face is known (found for the
     * strategy, or given explicitly): a small, tilted or off-centre reference face, and for {@code no_retarget} a
     * driving face of another size or place than the reference one.
     */
    private static List<String> faceWarnings(GenerationRequest request, FaceKeypoints found, KeypointSequence driving) {
        FaceKeypoints face = found != null ? found
                : request.imageFit() == ImageFit.FACE_CROP ? null : request.referenceKeypoints().orElse(null);
        List<String> warnings = new ArrayList<>();
        if (face == null) {
            return warnings;
        }
        FaceQualityCheck.checkReference(face, request.width(), request.height()).forEach(w -> warnings.add(w.message()));
        if (driving != null) {
            FaceQualityCheck.checkDriving(driving, face, request.retargetStrategy()).forEach(w -> warnings.add(w.message()));
        }
        return warnings;
    }
}
