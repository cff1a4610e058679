package io.vexpress.examples.cli;

import io.vexpress.GenerationRequest;
import io.vexpress.core.audio.Downmix;
import io.vexpress.core.audio.SincResampler;
import io.vexpress.core.conditioning.KeypointAligner;
import io.vexpress.core.denoise.VideoTiming;
import io.vexpress.core.face.ReferenceKeypoints;
import io.vexpress.core.image.ImageFitter;
import io.vexpress.core.render.VKpsRenderer;
import io.vexpress.core.retarget.KeypointRetargeter;
import io.vexpress.core.retarget.TargetFrameSelection;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.FrameSink;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.AudioDecoder;
import io.vexpress.spi.ImageDecoder;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.Services;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The keypoint conditioning a request leads to, computed as the engine computes it (same decoders, same
 * 16 kHz resampling and downmix before measuring the duration, same {@link VideoTiming}, same retargeting),
 * but without any model: so its frame count and frame rate are exactly those of the generated video.
 *
 * <p>Each preview frame is {@code 2W x H}: on the left the reference image (fitted to the output size) with
 * the retargeted V-Kps drawn over it, on the right the driving keypoints (aligned to the video length) as
 * V-Kps on black, or the conditioning itself when the strategy reads no driving sequence.
 */
final class ConditioningPreview {
    private final RgbImage reference;
    private final KeypointSequence conditioning;
    private final KeypointSequence driving;
    private final VideoTiming timing;
    private final double audioSeconds;

    private ConditioningPreview(RgbImage reference, KeypointSequence conditioning, KeypointSequence driving,
                                VideoTiming timing, double audioSeconds) {
        this.reference = reference;
        this.conditioning = conditioning;
        this.driving = driving;
        this.timing = timing;
        this.audioSeconds = audioSeconds;
    }

    /**
     * Resolves {@code request}'s inputs.
     *
     * @param detector opens a face detector, called only when the strategy needs the reference face's
     *     keypoints and the request does not give them; the caller closes what it opened
     * @param audioSampleRate the rate the audio encoder works at (the bundle's, 16 kHz for V-Express)
     */
    static ConditioningPreview of(GenerationRequest request, Supplier<FaceKeypointDetector> detector, int audioSampleRate) {
        RgbImage original = request.referenceImage().orElseGet(() -> Services.require(ImageDecoder.class, "vexpress-media")
                .decode(request.referenceImagePath().orElseThrow(), request.applyExifOrientation()));
        KeypointSequence drivingSequence = request.keypoints().orElse(null);
        if (drivingSequence == null && request.keypointsPath().isPresent()) {
            drivingSequence = Services.require(KeypointSequenceCodec.class, "vexpress-media").read(request.keypointsPath().get());
        }
        FaceKeypoints face = null;
        if (request.retargetStrategy().needsReferenceKeypoints()) {
            face = request.referenceKeypoints().orElseGet(() -> ReferenceKeypoints.detect(detector.get(), original,
                    request.width(), request.height()));
        }
        PcmAudio audio = request.audio().orElseGet(() -> Services.require(AudioDecoder.class, "vexpress-media")
                .decode(request.audioPath().orElseThrow()));
        PcmAudio atRate = audio.sampleRate() == audioSampleRate ? audio : SincResampler.resample(audio, audioSampleRate);
        int samples = Downmix.toMono(atRate).frameCount();
        if (samples == 0) {
            throw new io.vexpress.InvalidInputException("The audio " + request.audioPath().map(Object::toString).orElse("(PCM)")
                    + " holds no samples; give speech of 1-60 s.");
        }
        double duration = (double) samples / audioSampleRate;
        VideoTiming timing = VideoTiming.of(duration, request.fps(), request.contextFrames(), request.contextOverlap());
        KeypointSequence conditioning = KeypointRetargeter.apply(request.retargetStrategy(), face,
                request.retargetStrategy().needsKeypointSequence() ? drivingSequence : null, timing.frames(),
                TargetFrameSelection.of(request.referenceCompatibleRetarget()));
        KeypointSequence aligned = drivingSequence == null ? null : KeypointAligner.align(drivingSequence, timing.frames());
        RgbImage fitted = ImageFitter.fit(original, request.width(), request.height(), request.imageFit());
        return new ConditioningPreview(fitted, conditioning, aligned, timing, duration);
    }

    VideoTiming timing() {
        return timing;
    }

    double audioSeconds() {
        return audioSeconds;
    }

    /** The retargeted keypoints, one face per video frame. */
    KeypointSequence conditioning() {
        return conditioning;
    }

    int width() {
        return 2 * reference.width();
    }

    int height() {
        return reference.height();
    }

    /** Writes every frame to {@code sink} (without committing it), calling {@code afterFrame} with the 1-based count. */
    void render(FrameSink sink, IntConsumer afterFrame) {
        int w = reference.width();
        int h = reference.height();
        byte[] background = reference.toRgbBytes();
        byte[] kps = new byte[w * h * 3];
        byte[] frame = new byte[2 * w * h * 3];
        for (int i = 0; i < timing.frames(); i++) {
            VKpsRenderer.renderRgb(conditioning.frame(i), w, h, kps, 0);
            overlay(background, kps, frame, w, h, 0);
            if (driving != null) {
                VKpsRenderer.renderRgb(driving.frame(i), w, h, kps, 0);
            }
            copyInto(kps, frame, w, h, w);
            sink.write(RgbImage.of(2 * w, h, frame));
            afterFrame.accept(i + 1);
        }
    }

    /** The V-Kps drawing's coloured pixels over the background, into the left or right half of {@code frame}. */
    static void overlay(byte[] background, byte[] kps, byte[] frame, int w, int h, int xOffset) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = (y * w + x) * 3;
                int d = (y * 2 * w + x + xOffset) * 3;
                boolean drawn = kps[s] != 0 || kps[s + 1] != 0 || kps[s + 2] != 0;
                byte[] src = drawn ? kps : background;
                frame[d] = src[s];
                frame[d + 1] = src[s + 1];
                frame[d + 2] = src[s + 2];
            }
        }
    }

    private static void copyInto(byte[] image, byte[] frame, int w, int h, int xOffset) {
        for (int y = 0; y < h; y++) {
            System.arraycopy(image, y * w * 3, frame, (y * 2 * w + xOffset) * 3, w * 3);
        }
    }
}
