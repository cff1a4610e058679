package io.vexpress;

import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.DecodedFrameObserver;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One talking-head job: the inputs, the sampling settings and where the video goes. Immutable; build
 * with {@link #builder()}. Required: a reference image, audio and an output. Everything else has
 * V-Express's defaults (see {@link Builder}).
 *
 * <p>{@link Builder#build()} checks every value and every input file before any heavy work and throws
 * {@link InvalidInputException} with a message naming the setting. Values outside the recommended
 * ranges but still meaningful are accepted and reported in {@link #warnings()} (and logged).
 */
public final class GenerationRequest {
    /** Defaults, equal to the values the builder starts from. */
    public static final int DEFAULT_STEPS = 25;
    public static final double DEFAULT_GUIDANCE_SCALE = 3.5;
    public static final double DEFAULT_REFERENCE_ATTENTION_WEIGHT = 1.0;
    public static final double DEFAULT_AUDIO_ATTENTION_WEIGHT = 1.0;
    public static final int DEFAULT_CONTEXT_FRAMES = 24;
    public static final int DEFAULT_CONTEXT_OVERLAP = 4;
    public static final double DEFAULT_FPS = 30.0;
    public static final int DEFAULT_SIZE = 512;
    public static final long DEFAULT_SEED = 42L;
    public static final RetargetStrategy DEFAULT_RETARGET_STRATEGY = RetargetStrategy.FIX_FACE;

    private static final Logger LOG = LoggerFactory.getLogger(GenerationRequest.class);

    private final Path referenceImagePath;
    private final RgbImage referenceImage;
    private final Path audioPath;
    private final PcmAudio audio;
    private final Path keypointsPath;
    private final KeypointSequence keypoints;
    private final FaceKeypoints referenceKeypoints;
    private final RetargetStrategy retargetStrategy;
    private final boolean referenceCompatibleRetarget;
    private final int steps;
    private final double guidanceScale;
    private final AttentionWeights attentionWeights;
    private final AttentionSchedule attentionSchedule;
    private final SchedulerType scheduler;
    private final int contextFrames;
    private final int contextOverlap;
    private final double fps;
    private final int width;
    private final int height;
    private final long seed;
    private final Precision noisePrecision;
    private final ImageFit imageFit;
    private final boolean applyExifOrientation;
    private final boolean medianFilter;
    private final Path outputPath;
    private final VideoOutput output;
    private final DecodedFrameObserver decodedFrameObserver;
    private final List<String> warnings;

    private GenerationRequest(Builder b, List<String> warnings) {
        referenceImagePath = b.referenceImagePath;
        referenceImage = b.referenceImage;
        audioPath = b.audioPath;
        audio = b.audio;
        keypointsPath = b.keypointsPath;
        keypoints = b.keypoints;
        referenceKeypoints = b.referenceKeypoints;
        retargetStrategy = b.retargetStrategy;
        referenceCompatibleRetarget = b.referenceCompatibleRetarget;
        steps = b.steps;
        guidanceScale = b.guidanceScale;
        attentionWeights = new AttentionWeights(b.referenceAttentionWeight, b.audioAttentionWeight);
        attentionSchedule = b.attentionSchedule;
        scheduler = b.scheduler;
        contextFrames = b.contextFrames;
        contextOverlap = b.contextOverlap;
        fps = b.fps;
        width = b.width;
        height = b.height;
        seed = b.seed;
        noisePrecision = b.noisePrecision;
        imageFit = b.imageFit;
        applyExifOrientation = b.applyExifOrientation;
        medianFilter = b.medianFilter;
        outputPath = b.outputPath;
        output = b.output;
        decodedFrameObserver = b.decodedFrameObserver;
        this.warnings = Collections.unmodifiableList(warnings);
    }

    /** A builder with V-Express's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The reference image file, if the image was given as a file. */
    public Optional<Path> referenceImagePath() {
        return Optional.ofNullable(referenceImagePath);
    }

    /** The decoded reference image, if the image was given decoded. */
    public Optional<RgbImage> referenceImage() {
        return Optional.ofNullable(referenceImage);
    }

    /** The audio file, if the audio was given as a file. */
    public Optional<Path> audioPath() {
        return Optional.ofNullable(audioPath);
    }

    /** The decoded audio, if the audio was given decoded. */
    public Optional<PcmAudio> audio() {
        return Optional.ofNullable(audio);
    }

    /** The driving keypoint file (kps.pth, .npy or .json), if given as a file. */
    public Optional<Path> keypointsPath() {
        return Optional.ofNullable(keypointsPath);
    }

    /** The driving keypoint sequence, if given in memory. */
    public Optional<KeypointSequence> keypoints() {
        return Optional.ofNullable(keypoints);
    }

    /** The reference face's keypoints given explicitly; otherwise the generator's face detector finds them. */
    public Optional<FaceKeypoints> referenceKeypoints() {
        return Optional.ofNullable(referenceKeypoints);
    }

    public RetargetStrategy retargetStrategy() {
        return retargetStrategy;
    }

    /**
     * Whether retargeting reproduces V-Express's target-frame selection exactly, bug included (it does not
     * pick the frame whose eye/nose ratio is closest); by default the closest frame is picked.
     */
    public boolean referenceCompatibleRetarget() {
        return referenceCompatibleRetarget;
    }

    public int steps() {
        return steps;
    }

    public double guidanceScale() {
        return guidanceScale;
    }

    /** The constant attention weights (used at every step unless {@link #attentionSchedule()} is set). */
    public AttentionWeights attentionWeights() {
        return attentionWeights;
    }

    /** The per-step attention weights, if any. */
    public Optional<AttentionSchedule> attentionSchedule() {
        return Optional.ofNullable(attentionSchedule);
    }

    /** The weights for 0-based {@code step}: the schedule's if set, else the constant ones. */
    public AttentionWeights attentionWeightsAt(int step) {
        return attentionSchedule == null ? attentionWeights : attentionSchedule.weightsAt(step, steps);
    }

    public SchedulerType scheduler() {
        return scheduler;
    }

    public int contextFrames() {
        return contextFrames;
    }

    public int contextOverlap() {
        return contextOverlap;
    }

    /** The requested frame rate; the video's exact rate is derived from it and the audio duration. */
    public double fps() {
        return fps;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long seed() {
        return seed;
    }

    /** Which of torch's random streams seeds the latents; empty means the generator's precision. */
    public Optional<Precision> noisePrecision() {
        return Optional.ofNullable(noisePrecision);
    }

    public ImageFit imageFit() {
        return imageFit;
    }

    public boolean applyExifOrientation() {
        return applyExifOrientation;
    }

    /** Whether V-Express's 3x3x3 median filter smooths the decoded video. */
    public boolean medianFilter() {
        return medianFilter;
    }

    /** The MP4 file to write, if the output is a file. */
    public Optional<Path> outputPath() {
        return Optional.ofNullable(outputPath);
    }

    /** A custom frame output, if given. */
    public Optional<VideoOutput> output() {
        return Optional.ofNullable(output);
    }

    /** The observer of the decoded float frames, if any. */
    public Optional<DecodedFrameObserver> decodedFrameObserver() {
        return Optional.ofNullable(decodedFrameObserver);
    }

    /** Warnings about values outside the recommended ranges (also logged when the request was built). */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Builds a {@link GenerationRequest}. Required settings use {@code set*}, optional ones {@code opt*}.
     */
    public static final class Builder {
        private Path referenceImagePath;
        private RgbImage referenceImage;
        private Path audioPath;
        private PcmAudio audio;
        private Path keypointsPath;
        private KeypointSequence keypoints;
        private FaceKeypoints referenceKeypoints;
        private RetargetStrategy retargetStrategy = DEFAULT_RETARGET_STRATEGY;
        private boolean referenceCompatibleRetarget;
        private int steps = DEFAULT_STEPS;
        private double guidanceScale = DEFAULT_GUIDANCE_SCALE;
        private double referenceAttentionWeight = DEFAULT_REFERENCE_ATTENTION_WEIGHT;
        private double audioAttentionWeight = DEFAULT_AUDIO_ATTENTION_WEIGHT;
        private AttentionSchedule attentionSchedule;
        private SchedulerType scheduler = SchedulerType.DDIM;
        private int contextFrames = DEFAULT_CONTEXT_FRAMES;
        private int contextOverlap = DEFAULT_CONTEXT_OVERLAP;
        private double fps = DEFAULT_FPS;
        private int width = DEFAULT_SIZE;
        private int height = DEFAULT_SIZE;
        private long seed = DEFAULT_SEED;
        private Precision noisePrecision;
        private ImageFit imageFit = ImageFit.STRETCH;
        private boolean applyExifOrientation = true;
        private boolean medianFilter = true;
        private Path outputPath;
        private VideoOutput output;
        private DecodedFrameObserver decodedFrameObserver;

        private Builder() {
        }

        /** Required (or {@link #setReferenceImage(RgbImage)}): the portrait, ideally square, 512x512 or larger, frontal. */
        public Builder setReferenceImage(Path file) {
            referenceImagePath = file;
            referenceImage = null;
            return this;
        }

        /** Required (or a path): an already-decoded portrait. */
        public Builder setReferenceImage(RgbImage image) {
            referenceImage = image;
            referenceImagePath = null;
            return this;
        }

        /** Required (or PCM): the speech, 1–60 s recommended, any common format. */
        public Builder setAudio(Path file) {
            audioPath = file;
            audio = null;
            return this;
        }

        /** Required (or a path): decoded speech at any sample rate; it is resampled to 16 kHz. */
        public Builder setAudio(PcmAudio pcm) {
            audio = pcm;
            audioPath = null;
            return this;
        }

        /** Required (or {@link #setOutput(VideoOutput)}): the MP4 file to write. Its folder must exist. */
        public Builder setOutput(Path mp4) {
            outputPath = mp4;
            output = null;
            return this;
        }

        /** Required (or a path): where frames go, e.g. a PNG sequence or your own post-processing. */
        public Builder setOutput(VideoOutput customOutput) {
            output = customOutput;
            outputPath = null;
            return this;
        }

        /** The driving V-Kps sequence file (kps.pth, .npy or .json); needed by every strategy but FIX_FACE. */
        public Builder optKeypoints(Path file) {
            keypointsPath = file;
            keypoints = null;
            return this;
        }

        /** The driving V-Kps sequence, in memory. */
        public Builder optKeypoints(KeypointSequence sequence) {
            keypoints = sequence;
            keypointsPath = null;
            return this;
        }

        /**
         * The reference face's keypoints, when no face detector is configured (or to override it), in pixels of the
         * video frame: the reference image brought to {@link #optWidth(int)} x {@link #optHeight(int)}, the image a
         * face detector is given and the canvas the V-Kps are drawn on (the coordinates of a {@code kps.pth} frame).
         * They are used as given.
         */
        public Builder optReferenceKeypoints(FaceKeypoints face) {
            referenceKeypoints = face;
            return this;
        }

        /** Default {@link RetargetStrategy#FIX_FACE}, as V-Express's {@code inference.py}. */
        public Builder optRetargetStrategy(RetargetStrategy strategy) {
            retargetStrategy = strategy;
            return this;
        }

        /** Reproduce V-Express's retarget frame selection exactly, bug included (default false). */
        public Builder optReferenceCompatibleRetarget(boolean compatible) {
            referenceCompatibleRetarget = compatible;
            return this;
        }

        /** Denoising steps, default 25; 25–30 for quality. */
        public Builder optSteps(int numInferenceSteps) {
            steps = numInferenceSteps;
            return this;
        }

        /** Classifier-free guidance scale, default 3.5; 1.0 or less turns guidance off (half the compute). */
        public Builder optGuidanceScale(double scale) {
            guidanceScale = scale;
            return this;
        }

        /** Default 1.0, recommended 0.9–1.0. */
        public Builder optReferenceAttentionWeight(double weight) {
            referenceAttentionWeight = weight;
            return this;
        }

        /** Default 1.0, recommended 1.0–3.0 (1.5–3.0 when lips are out of sync). */
        public Builder optAudioAttentionWeight(double weight) {
            audioAttentionWeight = weight;
            return this;
        }

        /** Per-step attention weights, overriding the constant ones. */
        public Builder optAttentionSchedule(AttentionSchedule schedule) {
            attentionSchedule = schedule;
            return this;
        }

        /** Default {@link SchedulerType#DDIM}. */
        public Builder optScheduler(SchedulerType type) {
            scheduler = type;
            return this;
        }

        /** Frames per context window, default 24. */
        public Builder optContextFrames(int frames) {
            contextFrames = frames;
            return this;
        }

        /** Frames shared by neighbouring windows, default 4; must be less than the context frames. */
        public Builder optContextOverlap(int frames) {
            contextOverlap = frames;
            return this;
        }

        /** Requested frame rate, default 30; 24–30 recommended. */
        public Builder optFps(double framesPerSecond) {
            fps = framesPerSecond;
            return this;
        }

        /** Output width, default 512; a multiple of 8. */
        public Builder optWidth(int pixels) {
            width = pixels;
            return this;
        }

        /** Output height, default 512; a multiple of 8. */
        public Builder optHeight(int pixels) {
            height = pixels;
            return this;
        }

        /**
         * Random seed, default 42. The same request with the same seed on the same bundle gives the same video. The
         * initial latents are what V-Express draws with {@code torch.manual_seed(seed)} and {@code torch.randn} on
         * the CPU: bit for bit in the float16 stream ({@link #optNoisePrecision(Precision)} {@code FP16}, V-Express's
         * default {@code --dtype fp16}); in float32 within 2.5e-6, because torch's own two CPU kernels (AVX2 and
         * scalar) differ by that much (docs/diffusion.md).
         */
        public Builder optSeed(long randomSeed) {
            seed = randomSeed;
            return this;
        }

        /** Which torch random stream seeds the latents (default: the generator's precision). */
        public Builder optNoisePrecision(Precision precision) {
            noisePrecision = precision;
            return this;
        }

        /** Default {@link ImageFit#STRETCH}, as V-Express. */
        public Builder optImageFit(ImageFit fit) {
            imageFit = fit;
            return this;
        }

        /** Apply the photo's EXIF orientation (default true; V-Express ignores it). */
        public Builder optApplyExifOrientation(boolean apply) {
            applyExifOrientation = apply;
            return this;
        }

        /** V-Express's 3x3x3 median filter on the output frames (default true). */
        public Builder optMedianFilter(boolean enabled) {
            medianFilter = enabled;
            return this;
        }

        /**
         * Sees every frame as floats in [0, 1] before quantisation and the median filter (see
         * {@link DecodedFrameObserver} for the contract); the output still receives the frames. Default none.
         */
        public Builder optDecodedFrameObserver(DecodedFrameObserver observer) {
            decodedFrameObserver = observer;
            return this;
        }

        /**
         * Checks everything and builds the request.
         *
         * @throws InvalidInputException naming the first problem found
         */
        public GenerationRequest build() {
            List<String> warnings = new ArrayList<>();
            if (referenceImagePath == null && referenceImage == null) {
                throw new InvalidInputException("No reference image: call setReferenceImage(Path) or setReferenceImage(RgbImage).");
            }
            if (audioPath == null && audio == null) {
                throw new InvalidInputException("No audio: call setAudio(Path) or setAudio(PcmAudio).");
            }
            if (outputPath == null && output == null) {
                throw new InvalidInputException("No output: call setOutput(Path) for an MP4 file or setOutput(VideoOutput).");
            }
            requireReadable("Reference image", referenceImagePath);
            requireReadable("Audio", audioPath);
            requireReadable("Keypoint sequence", keypointsPath);
            if (outputPath != null) {
                Path parent = outputPath.toAbsolutePath().getParent();
                if (parent == null || !Files.isDirectory(parent)) {
                    throw new InvalidInputException("Output folder " + parent + " does not exist; create it first.");
                }
                if (Files.isDirectory(outputPath)) {
                    throw new InvalidInputException("Output path " + outputPath + " is a folder; give a file name such as out.mp4.");
                }
            }
            if (retargetStrategy == null) {
                throw new InvalidInputException("Retarget strategy must not be null; use one of " + java.util.Arrays.toString(RetargetStrategy.values()) + ".");
            }
            if (retargetStrategy.needsKeypointSequence() && keypointsPath == null && keypoints == null) {
                throw new InvalidInputException("Retarget strategy " + retargetStrategy.snakeCaseName()
                        + " needs a driving keypoint sequence: call optKeypoints(...) with a kps.pth file, or use fix_face.");
            }
            if (steps < 1) {
                throw new InvalidInputException("Steps must be >= 1, got " + steps + ". V-Express uses 25.");
            }
            if (steps > 1000) {
                throw new InvalidInputException("Steps must be <= 1000 (the training timesteps), got " + steps + ".");
            }
            if (!Double.isFinite(guidanceScale) || guidanceScale < 0) {
                throw new InvalidInputException("Guidance scale must be a finite number >= 0, got " + guidanceScale + ". V-Express uses 3.5.");
            }
            AttentionWeights weights = new AttentionWeights(referenceAttentionWeight, audioAttentionWeight);
            if (weights.reference() < 0.9 || weights.reference() > 1.0) {
                warnings.add("Reference attention weight " + weights.reference() + " is outside the recommended 0.9-1.0.");
            }
            if (weights.audio() < 1.0 || weights.audio() > 3.0) {
                warnings.add("Audio attention weight " + weights.audio() + " is outside the recommended 1.0-3.0.");
            }
            if (contextFrames < 1) {
                throw new InvalidInputException("Context frames must be >= 1, got " + contextFrames + ". V-Express uses 24.");
            }
            if (contextOverlap < 0 || contextOverlap >= contextFrames) {
                throw new InvalidInputException("Context overlap must be >= 0 and less than the context frames ("
                        + contextFrames + "), got " + contextOverlap + ".");
            }
            if (!Double.isFinite(fps) || fps <= 0) {
                throw new InvalidInputException("Fps must be a finite number > 0, got " + fps + ".");
            }
            if (fps < 24 || fps > 30) {
                warnings.add("Fps " + fps + " is outside the recommended 24-30.");
            }
            checkSize("Width", width);
            checkSize("Height", height);
            if (width != 512 || height != 512) {
                warnings.add("V-Express was trained at 512x512; " + width + "x" + height + " may look worse.");
            }
            if (scheduler == null || imageFit == null) {
                throw new InvalidInputException("Scheduler and image fit must not be null.");
            }
            for (String w : warnings) {
                LOG.warn(w);
            }
            return new GenerationRequest(this, warnings);
        }

        private static void checkSize(String name, int value) {
            if (value < 8 || value % 8 != 0) {
                throw new InvalidInputException(name + " must be a positive multiple of 8 (the VAE downsamples by 8), got " + value + ".");
            }
        }

        private static void requireReadable(String what, Path file) {
            if (file == null) {
                return;
            }
            if (!Files.exists(file)) {
                throw new InvalidInputException(what + " file " + file + " does not exist.");
            }
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(what + " file " + file + " is a folder, not a file.");
            }
            if (!Files.isReadable(file)) {
                throw new InvalidInputException(what + " file " + file + " is not readable; check its permissions.");
            }
        }
    }
}
