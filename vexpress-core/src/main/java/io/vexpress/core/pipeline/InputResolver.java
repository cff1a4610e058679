package io.vexpress.core.pipeline;

import io.vexpress.GenerationRequest;
import io.vexpress.InvalidInputException;
import io.vexpress.RetargetStrategy;
import io.vexpress.Setting;
import io.vexpress.core.audio.ModelAudio;
import io.vexpress.core.denoise.VideoTiming;
import io.vexpress.core.face.FaceQualityCheck;
import io.vexpress.core.image.ImageFitter;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The LOAD_INPUTS stage: decodes the reference image, audio and keypoints (file inputs through the codecs of
 * vexpress-media, found with {@link Services}), finds the reference face's keypoints when a strategy needs
 * them, derives the video length and aligns and retargets the keypoint sequence, as V-Express's
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
     * @param referenceFace finds the reference face's keypoints in the original image when the request does
     *     not give them; throws {@link InvalidInputException} when no detector is available
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
        // the resize's antialiasing, and lets a decoder keep a very large photo out of the heap.
        RgbImage original = request.referenceImage().orElseGet(() -> Services.require(ImageDecoder.class, "vexpress-media")
                .decode(request.referenceImagePath().orElseThrow(), request.applyExifOrientation(),
                        NEEDED_IMAGE_SCALE * request.width(), NEEDED_IMAGE_SCALE * request.height()));
        InputChecks.portrait(original, request, warnings);
        RetargetStrategy strategy = request.retargetStrategy();
        KeypointSequence driving = null;
        if (strategy.needsKeypointSequence()) {
            driving = request.keypoints().orElseGet(() -> Services.require(KeypointSequenceCodec.class, "vexpress-media")
                    .read(request.keypointsPath().orElseThrow()));
        }
        FaceKeypoints face = null;
        if (strategy.needsReferenceKeypoints()) {
            face = request.referenceKeypoints().orElseGet(() -> referenceFace.apply(original));
        }
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
        KeypointSequence keypoints = KeypointRetargeter.apply(strategy, face, driving, timing.frames(),
                TargetFrameSelection.of(request.referenceCompatibleRetarget()));
        RgbImage reference = ImageFitter.fit(original, request.width(), request.height(), request.imageFit());
        ResolvedInputs resolved = new ResolvedInputs(reference, waveform, duration, timing, keypoints, request.audioPath(),
                request.audioPath().isPresent() ? java.util.Optional.empty() : java.util.Optional.of(decoded),
                java.util.Optional.ofNullable(driving));
        faceWarnings(request, face, driving).forEach(warnings);
        return resolved;
    }

    /**
     * The mistakes V-Express users most often make, checked wherever the reference face is known (found for the
     * strategy, or given explicitly): a small, tilted or off-centre reference face, and for {@code no_retarget} a
     * driving face of another size or place than the reference one.
     */
    private static List<String> faceWarnings(GenerationRequest request, FaceKeypoints found, KeypointSequence driving) {
        FaceKeypoints face = found != null ? found : request.referenceKeypoints().orElse(null);
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
