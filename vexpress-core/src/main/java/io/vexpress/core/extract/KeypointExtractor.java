package io.vexpress.core.extract;

import io.vexpress.CancellationToken;
import io.vexpress.InvalidInputException;
import io.vexpress.core.face.Cv2Resize;
import io.vexpress.keypoints.DetectedFace;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driving video to V-Kps sequence (and its audio track), as V-Express's
 * {@code scripts/extract_kps_sequence_and_audio.py}: every frame goes through the face detector and the
 * first face's left eye, right eye and nose become that frame's keypoints.
 *
 * <p>Frames are resized to the extraction size (512x512 by default, with cv2's bilinear resize) before
 * detection, so the keypoints are in the pixel space V-Express generates in. For 512x512 videos, the usual
 * case, this is exactly the reference script; for other sizes the script would keep the video's own
 * pixel coordinates, which do not match a 512x512 generation.
 *
 * <pre>{@code
 * try (ScrfdFaceDetector detector = ScrfdFaceDetector.builder(det10g).build()) {
 *     ExtractionResult r = KeypointExtractor.builder(detector).mode(ExtractionMode.TOLERANT).build()
 *             .extractTo(Path.of("talk.mp4"), Path.of("kps.pth"), Path.of("aud.mp3"));
 * }
 * }</pre>
 *
 * <p>Video decoding and the kps.pth writer come from {@link Services} (the {@code vexpress-media}
 * artifact) unless set on the builder. An extractor is immutable and may be reused; it does not close the
 * detector.
 */
public final class KeypointExtractor {
    private static final Logger LOG = LoggerFactory.getLogger(KeypointExtractor.class);

    private final FaceKeypointDetector detector;
    private final ExtractionMode mode;
    private final int width;
    private final int height;
    private final ExtractionListener listener;
    private final CancellationToken cancellation;
    private final VideoDecoder videoDecoder;
    private final KeypointSequenceCodec codec;

    private KeypointExtractor(Builder b) {
        this.detector = b.detector;
        this.mode = b.mode;
        this.width = b.width;
        this.height = b.height;
        this.listener = b.listener;
        this.cancellation = b.cancellation;
        this.videoDecoder = b.videoDecoder;
        this.codec = b.codec;
    }

    /** A builder around {@code detector} (not closed by the extractor). */
    public static Builder builder(FaceKeypointDetector detector) {
        return new Builder(detector);
    }

    /**
     * Extracts the keypoint sequence of {@code video} without touching its audio.
     *
     * @throws InvalidInputException in strict mode for a frame without exactly one face (naming it), in
     *     tolerant mode when no frame has a face, or for a video without frames
     * @throws io.vexpress.GenerationCancelledException when cancelled; nothing is written
     * @throws io.vexpress.MediaException when the video cannot be decoded
     */
    public ExtractionResult extract(Path video) {
        return run(video, null);
    }

    /**
     * Extracts the sequence and writes the video's audio track to {@code audioTarget} (format by extension,
     * like {@code ffmpeg -i video -vn target}). The audio is written only after every frame succeeded.
     *
     * @throws io.vexpress.MediaException also when the video has no audio track
     */
    public ExtractionResult extract(Path video, Path audioTarget) {
        return run(video, Objects.requireNonNull(audioTarget, "audioTarget"));
    }

    /**
     * Extracts, then writes the sequence to {@code kpsTarget} with the {@link KeypointSequenceCodec} (kps.pth
     * as V-Express saves it) and, when {@code audioTarget} is not null, the audio track.
     */
    public ExtractionResult extractTo(Path video, Path kpsTarget, Path audioTarget) {
        Objects.requireNonNull(kpsTarget, "kpsTarget");
        KeypointSequenceCodec writer = codec != null ? codec : Services.require(KeypointSequenceCodec.class, "vexpress-media");
        ExtractionResult result = run(video, audioTarget);
        writer.write(result.sequence(), kpsTarget);
        return result;
    }

    private ExtractionResult run(Path video, Path audioTarget) {
        Objects.requireNonNull(video, "video");
        VideoDecoder decoder = videoDecoder != null ? videoDecoder : Services.require(VideoDecoder.class, "vexpress-media");
        List<FaceKeypoints> faces = new ArrayList<>();
        List<Integer> missing = new ArrayList<>();
        List<Integer> several = new ArrayList<>();
        double fps;
        try (VideoDecoder.Reader reader = decoder.open(video)) {
            fps = reader.fps();
            int total = reader.frameCount();
            RgbImage frame;
            while (true) {
                cancellation.throwIfCancelled();
                frame = reader.nextFrame();
                if (frame == null) {
                    break;
                }
                int index = faces.size();
                List<DetectedFace> detected = detector.detect(resize(frame));
                if (detected.size() != 1) {
                    if (mode == ExtractionMode.STRICT) {
                        throw new InvalidInputException(describe(video, index, fps, detected.size()));
                    }
                    (detected.isEmpty() ? missing : several).add(index);
                }
                faces.add(detected.isEmpty() ? null : detected.get(0).keypoints());
                notify(index + 1, total, detected.size());
            }
            if (faces.isEmpty()) {
                throw new InvalidInputException("Video " + video + " has no frames to extract keypoints from.");
            }
            if (missing.size() == faces.size()) {
                throw new InvalidInputException("No face was found in any of the " + faces.size() + " frames of " + video
                        + ". Use a video showing one face, frontal and not too small.");
            }
            cancellation.throwIfCancelled();
            if (audioTarget != null) {
                reader.extractAudio(audioTarget);
            }
        }
        if (!missing.isEmpty() || !several.isEmpty()) {
            LOG.warn("{}: interpolated {} of {} frames without a face, took the first face in {} frames with several",
                    video.getFileName(), missing.size(), faces.size(), several.size());
        }
        KeypointSequence sequence = KeypointSequence.of(missing.isEmpty() ? faces : GapFiller.fill(faces));
        return new ExtractionResult(sequence, fps, missing, several, Optional.ofNullable(audioTarget));
    }

    private RgbImage resize(RgbImage frame) {
        return frame.width() == width && frame.height() == height ? frame : Cv2Resize.resize(frame, width, height);
    }

    private static String describe(Path video, int index, double fps, int faces) {
        String when = fps > 0 ? String.format(java.util.Locale.ROOT, " (at %.2f s)", index / fps) : "";
        return "Frame " + index + when + " of " + video + " has " + faces + (faces == 1 ? " face" : " faces")
                + "; keypoint extraction needs exactly one face per frame (as V-Express's extract script)."
                + " Use the tolerant mode to take the highest-scored face and interpolate frames without one.";
    }

    private void notify(int frame, int total, int faces) {
        try {
            listener.onFrame(frame, total, faces);
        } catch (RuntimeException e) {
            LOG.warn("Extraction listener failed on frame {}", frame, e);
        }
    }

    /** Options of a {@link KeypointExtractor}. */
    public static final class Builder {
        private final FaceKeypointDetector detector;
        private ExtractionMode mode = ExtractionMode.STRICT;
        private int width = 512;
        private int height = 512;
        private ExtractionListener listener = ExtractionListener.NONE;
        private CancellationToken cancellation = new CancellationToken();
        private VideoDecoder videoDecoder;
        private KeypointSequenceCodec codec;

        private Builder(FaceKeypointDetector detector) {
            this.detector = Objects.requireNonNull(detector, "detector");
        }

        /** Strict (default, like V-Express) or tolerant handling of frames without exactly one face. */
        public Builder mode(ExtractionMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Size frames are resized to before detection; V-Express's default 512x512. */
        public Builder frameSize(int width, int height) {
            if (width <= 0 || height <= 0) {
                throw new InvalidInputException("Extraction frame size must be positive, got " + width + "x" + height + ".");
            }
            this.width = width;
            this.height = height;
            return this;
        }

        /** Called after every frame. */
        public Builder listener(ExtractionListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Checked before every frame; a cancelled extraction throws and writes nothing. */
        public Builder cancellation(CancellationToken token) {
            this.cancellation = Objects.requireNonNull(token, "token");
            return this;
        }

        /** The video decoder; default: the highest-priority {@link VideoDecoder} service. */
        public Builder videoDecoder(VideoDecoder decoder) {
            this.videoDecoder = Objects.requireNonNull(decoder, "decoder");
            return this;
        }

        /** The sequence writer for {@link #extractTo}; default: the highest-priority {@link KeypointSequenceCodec} service. */
        public Builder codec(KeypointSequenceCodec codec) {
            this.codec = Objects.requireNonNull(codec, "codec");
            return this;
        }

        public KeypointExtractor build() {
            return new KeypointExtractor(this);
        }
    }
}
