package io.vexpress.examples.cli;

import io.vexpress.GenerationRequest;
import io.vexpress.core.conditioning.KeypointTimeline;
import io.vexpress.core.denoise.VideoTiming;
import io.vexpress.core.face.ReferenceKeypoints;
import io.vexpress.core.pipeline.InputResolver;
import io.vexpress.core.pipeline.ResolvedInputs;
import io.vexpress.core.render.VKpsRenderer;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.Services;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The keypoint conditioning a request leads to, resolved by the engine's own {@link InputResolver} (same
 * decoders, resampling, {@link VideoTiming} and retargeting) but without any model: so its frame count and
 * frame rate are exactly those of the generated video.
 *
 * <p>Each preview frame is {@code 2W x H}: on the left the reference image (fitted to the output size, the face crop
 * for {@link io.vexpress.ImageFit#FACE_CROP}) with
 * the retargeted V-Kps drawn over it, on the right the driving keypoints (laid over the video as the request's
 * {@link io.vexpress.KeypointTiming} says) as
 * V-Kps on black, or the conditioning itself when the strategy reads no driving sequence.
 */
public final class ConditioningPreview {
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
     * @param warnings receives the warnings {@code generate} would give about these inputs
     */
    public static ConditioningPreview of(GenerationRequest request, Supplier<FaceKeypointDetector> detector,
                                         int audioSampleRate, Consumer<String> warnings) {
        ResolvedInputs in = InputResolver.resolve(request, audioSampleRate,
                image -> ReferenceKeypoints.detect(detector.get(), image, image.width(), image.height(), warnings), warnings);
        // the engine reads a driving sequence only when the strategy uses it; the preview shows a given one anyway
        KeypointSequence driving = in.driving().orElseGet(() -> request.keypoints().orElseGet(() -> request.keypointsPath()
                .map(p -> Services.require(KeypointSequenceCodec.class, "vexpress-media").read(p)).orElse(null)));
        KeypointSequence aligned = driving == null ? null : KeypointTimeline.fit(driving, in.timing(), request);
        return new ConditioningPreview(in.reference(), in.keypoints(), aligned, in.timing(), in.durationSeconds());
    }

    public VideoTiming timing() {
        return timing;
    }

    public double audioSeconds() {
        return audioSeconds;
    }

    /** The retargeted keypoints, one face per video frame. */
    KeypointSequence conditioning() {
        return conditioning;
    }

    public int width() {
        return 2 * reference.width();
    }

    public int height() {
        return reference.height();
    }

    /** Writes every frame to {@code sink} (without committing it), calling {@code afterFrame} with the 1-based count. */
    public void render(FrameSink sink, IntConsumer afterFrame) {
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
