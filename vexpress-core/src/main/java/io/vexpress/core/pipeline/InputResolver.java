package io.vexpress.core.pipeline;

import io.vexpress.GenerationRequest;
import io.vexpress.ImageFit;
import io.vexpress.InvalidInputException;
import io.vexpress.RetargetStrategy;
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
import java.util.function.Function;

/**
 * The LOAD_INPUTS stage: decodes the reference image, audio and keypoints (file inputs through the codecs of
 * vexpress-media, found with {@link Services}), finds the reference face's keypoints when a strategy needs
 * them, cuts the reference image out of the photo ({@link FittedReference}), derives the video length, lays the
 * keypoint sequence over it ({@link KeypointTimeline}) and retargets it, as V-Express's
 * {@code inference.py} does before its pipeline call. Everything that can be wrong with the inputs fails here,
 * before any model runs.
 */
public final class InputResolver {
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
     */
    public static ResolvedInputs resolve(GenerationRequest request, int audioSampleRate,
                                         Function<RgbImage, FaceKeypoints> referenceFace) {
        return resolve(request, audioSampleRate, referenceFace, FrameTiming.DEFAULT);
    }

    /**
     * @param frameTiming the number of frames for the audio duration (tests override the engine's rule)
     */
    static ResolvedInputs resolve(GenerationRequest request, int audioSampleRate,
                                  Function<RgbImage, FaceKeypoints> referenceFace, FrameTiming frameTiming) {
        RgbImage original = request.referenceImage().orElseGet(() -> Services.require(ImageDecoder.class, "vexpress-media")
                .decode(request.referenceImagePath().orElseThrow(), request.applyExifOrientation()));
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
            throw new InvalidInputException("The audio " + request.audioPath().map(Object::toString).orElse("(PCM)")
                    + " holds no samples; give speech of 1-60 s.");
        }
        double duration = (double) waveform.length / audioSampleRate;
        VideoTiming timing = frameTiming.of(duration, request);
        KeypointSequence timed = driving == null ? null : KeypointTimeline.fit(driving, timing, request);
        KeypointSequence keypoints = KeypointRetargeter.apply(strategy, face, timed, timing.frames(),
                TargetFrameSelection.of(request.referenceCompatibleRetarget()));
        List<String> warnings = faceWarnings(request, face, driving);
        Optional<PasteBack> pasteBack = request.pasteBack()
                ? Optional.of(encodable(new PasteBack(original, fitted.box()), request, warnings)) : Optional.empty();
        return new ResolvedInputs(fitted.image(), waveform, duration, timing, keypoints, request.audioPath(),
                request.audioPath().isPresent() ? Optional.empty() : Optional.of(decoded),
                Optional.ofNullable(driving), warnings, pasteBack);
    }

    /** For an MP4 file, the paste-back within the encoder's frame-size limit (with a warning when it had to shrink). */
    private static PasteBack encodable(PasteBack full, GenerationRequest request, List<String> warnings) {
        if (request.outputPath().isEmpty()) {
            return full;
        }
        long limit = Services.find(VideoEncoder.class).map(VideoEncoder::maxFramePixels).orElse(Long.MAX_VALUE);
        PasteBack fitted = full.limitedTo(limit);
        if (fitted != full) {
            warnings.add("The photo is " + full.photo().width() + "x" + full.photo().height() + " but the H.264 encoder"
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
