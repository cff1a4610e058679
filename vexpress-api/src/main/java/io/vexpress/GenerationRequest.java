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

/**
 * One talking-head job: the inputs, the sampling settings and where the video goes. Immutable; build
 * with {@link #builder()}. Required: a reference image, audio and an output.
 *
 * <p>Defaults. The defaults follow V-Express's usage guide (its README): 25 steps, guidance 3.5, 24-frame
 * windows overlapping by 4, 30 fps, 512x512, seed 42, and attention weights 1.0 / 1.0. The retarget strategy
 * defaults to {@link RetargetStrategy#NO_RETARGET} when a keypoint sequence is given and to
 * {@link RetargetStrategy#FIX_FACE} when none is (the only strategy that works without one). V-Express's
 * {@code inference.py} has other defaults of its own: reference attention weight 0.95, audio attention weight 3.0
 * and {@code --dtype fp16}, whose noise stream differs from fp32's; its scenario commands rely on them, so with this
 * SDK's defaults the same command gives another video. {@link Builder#optInferencePyDefaults(boolean)} takes
 * inference.py's defaults as a whole (weights 0.95 / 3.0 and torch's fp16 noise stream) for every setting not
 * given explicitly.
 *
 * <p>{@link Builder#build()} checks every value and every input file before any heavy work and throws
 * {@link InvalidInputException} naming the setting ({@link VExpressException#setting()}). Values outside the
 * recommended ranges but still meaningful are accepted and reported in {@link #warnings()}; a generation repeats
 * them in its result and its {@code Warning} events.
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
    /** inference.py's own default {@code --reference_attention_weight} (see {@link Builder#optInferencePyDefaults}). */
    public static final double INFERENCE_PY_REFERENCE_ATTENTION_WEIGHT = 0.95;
    /** inference.py's own default {@code --audio_attention_weight}. */
    public static final double INFERENCE_PY_AUDIO_ATTENTION_WEIGHT = 3.0;
    /** inference.py's own default {@code --dtype}: its noise comes from torch's fp16 stream. */
    public static final Precision INFERENCE_PY_NOISE_PRECISION = Precision.FP16;

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
    private final boolean inferencePyDefaults;
    private final ImageFit imageFit;
    private final boolean applyExifOrientation;
    private final boolean medianFilter;
    private final boolean pasteBack;
    private final KeypointTiming keypointTiming;
    private final Double keypointFps;
    private final Path outputPath;
    private final VideoOutput output;
    private final DecodedFrameObserver decodedFrameObserver;
    private final List<String> warnings;

    private GenerationRequest(Builder b, RetargetStrategy strategy, AttentionWeights weights, Precision noise,
                              List<String> warnings) {
        referenceImagePath = b.referenceImagePath;
        referenceImage = b.referenceImage;
        audioPath = b.audioPath;
        audio = b.audio;
        keypointsPath = b.keypointsPath;
        keypoints = b.keypoints;
        referenceKeypoints = b.referenceKeypoints;
        retargetStrategy = strategy;
        referenceCompatibleRetarget = b.referenceCompatibleRetarget;
        steps = b.steps;
        guidanceScale = b.guidanceScale;
        attentionWeights = weights;
        attentionSchedule = b.attentionSchedule;
        scheduler = b.scheduler;
        contextFrames = b.contextFrames;
        contextOverlap = b.contextOverlap;
        fps = b.fps;
        width = b.width;
        height = b.height;
        seed = b.seed;
        noisePrecision = noise;
        inferencePyDefaults = b.inferencePyDefaults;
        imageFit = b.imageFit;
        applyExifOrientation = b.applyExifOrientation;
        medianFilter = b.medianFilter;
        pasteBack = b.pasteBack;
        keypointTiming = b.keypointTiming;
        keypointFps = b.keypointFps;
        outputPath = b.outputPath;
        output = b.output;
        decodedFrameObserver = b.decodedFrameObserver;
        this.warnings = Collections.unmodifiableList(warnings);
    }

    /** A builder with the defaults described above. */
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

    /** The strategy given, or the default: {@code no_retarget} with a keypoint sequence, else {@code fix_face}. */
    public RetargetStrategy retargetStrategy() {
        return retargetStrategy;
    }

    /**
     * The strategy used when none is given: {@link RetargetStrategy#NO_RETARGET} when the request has a keypoint
     * sequence, else {@link RetargetStrategy#FIX_FACE}.
     */
    public static RetargetStrategy defaultRetargetStrategy(boolean hasKeypointSequence) {
        return hasKeypointSequence ? RetargetStrategy.NO_RETARGET : RetargetStrategy.FIX_FACE;
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

    /**
     * Which of torch's random streams seeds the latents; empty means the generator's precision. With
     * {@link Builder#optInferencePyDefaults(boolean)} and no explicit choice, {@link Precision#FP16} as inference.py.
     */
    public Optional<Precision> noisePrecision() {
        return Optional.ofNullable(noisePrecision);
    }

    /** Whether settings not given explicitly took inference.py's defaults (see {@link Builder#optInferencePyDefaults}). */
    public boolean inferencePyDefaults() {
        return inferencePyDefaults;
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

    /**
     * Whether each generated frame is composited back into the original photo, at the photo's resolution
     * (rounded down to even sizes), where the reference region came from ({@link #imageFit()}).
     */
    public boolean pasteBack() {
        return pasteBack;
    }

    /** How the driving keypoint sequence is laid over the video's duration. */
    public KeypointTiming keypointTiming() {
        return keypointTiming;
    }

    /**
     * The driving sequence's own frame rate for {@link KeypointTiming#LOOP} and {@link KeypointTiming#PING_PONG};
     * empty means the video's frame rate (one sequence frame per video frame).
     */
    public java.util.OptionalDouble keypointFps() {
        return keypointFps == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(keypointFps);
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

    /** Warnings about values outside the recommended ranges; a generation repeats them in its result and events. */
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
        private RetargetStrategy retargetStrategy;
        private boolean retargetStrategyGiven;
        private boolean referenceCompatibleRetarget;
        private int steps = DEFAULT_STEPS;
        private double guidanceScale = DEFAULT_GUIDANCE_SCALE;
        private Double referenceAttentionWeight;
        private Double audioAttentionWeight;
        private AttentionSchedule attentionSchedule;
        private SchedulerType scheduler = SchedulerType.DDIM;
        private int contextFrames = DEFAULT_CONTEXT_FRAMES;
        private int contextOverlap = DEFAULT_CONTEXT_OVERLAP;
        private double fps = DEFAULT_FPS;
        private int width = DEFAULT_SIZE;
        private int height = DEFAULT_SIZE;
        private long seed = DEFAULT_SEED;
        private Precision noisePrecision;
        private boolean inferencePyDefaults;
        private ImageFit imageFit = ImageFit.STRETCH;
        private boolean applyExifOrientation = true;
        private boolean medianFilter = true;
        private boolean pasteBack;
        private KeypointTiming keypointTiming = KeypointTiming.STRETCH;
        private Double keypointFps;
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
         * They are used as given. With {@link ImageFit#FACE_CROP} they are in pixels of the photo instead: they
         * place the crop, and are mapped into it.
         */
        public Builder optReferenceKeypoints(FaceKeypoints face) {
            referenceKeypoints = face;
            return this;
        }

        /**
         * Default: {@link RetargetStrategy#NO_RETARGET} when a keypoint sequence is given, else
         * {@link RetargetStrategy#FIX_FACE} (inference.py always defaults to {@code fix_face}).
         */
        public Builder optRetargetStrategy(RetargetStrategy strategy) {
            retargetStrategy = strategy;
            retargetStrategyGiven = true;
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

        /** Default 1.0 (inference.py's: 0.95), recommended 0.9–1.0. */
        public Builder optReferenceAttentionWeight(double weight) {
            referenceAttentionWeight = weight;
            return this;
        }

        /** Default 1.0 (inference.py's: 3.0), recommended 1.0–3.0 (1.5–3.0 when lips are out of sync). */
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

        /**
         * Takes V-Express's {@code inference.py} defaults as a whole for every setting not given explicitly (in any
         * order): reference attention weight 0.95, audio attention weight 3.0 and torch's fp16 noise stream (its
         * {@code --dtype fp16}), so that inference.py's scenario commands give the same initial noise and weights.
         * The other defaults are the same in both. Default false: the usage guide's 1.0 / 1.0 and the generator's
         * precision.
         */
        public Builder optInferencePyDefaults(boolean enabled) {
            inferencePyDefaults = enabled;
            return this;
        }

        /**
         * Default {@link ImageFit#STRETCH}, as V-Express; {@link ImageFit#CENTER_CROP} keeps proportions;
         * {@link ImageFit#FACE_CROP} frames the face as V-Express's sample portraits for photos of any size.
         */
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
         * Composite every generated frame back into the original photo with a feathered edge, so a bust shot or a
         * 4000x3000 photo comes back whole with the face talking (default false). The video then has the photo's
         * size, rounded down to even numbers (H.264 needs them); pixels outside the region the reference was cut
         * from ({@link ImageFit#FACE_CROP}, {@link ImageFit#CENTER_CROP}) stay exactly the photo's.
         */
        public Builder optPasteBack(boolean enabled) {
            pasteBack = enabled;
            return this;
        }

        /** Default {@link KeypointTiming#STRETCH}, as V-Express. */
        public Builder optKeypointTiming(KeypointTiming timing) {
            keypointTiming = timing;
            return this;
        }

        /**
         * The driving sequence's own frame rate, used by {@link KeypointTiming#LOOP} and
         * {@link KeypointTiming#PING_PONG} (default: the video's rate). V-Express's extraction script keeps the
         * driving video's rate, so give that video's fps.
         */
        public Builder optKeypointFps(double framesPerSecond) {
            keypointFps = framesPerSecond;
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
         * @throws InvalidInputException naming the first problem found and the setting at fault
         */
        public GenerationRequest build() {
            List<String> warnings = new ArrayList<>();
            if (referenceImagePath == null && referenceImage == null) {
                throw new InvalidInputException(Setting.REFERENCE_IMAGE, "No reference image: give one with {REFERENCE_IMAGE}.");
            }
            if (audioPath == null && audio == null) {
                throw new InvalidInputException(Setting.AUDIO, "No audio: give speech with {AUDIO}.");
            }
            if (outputPath == null && output == null) {
                throw new InvalidInputException(Setting.OUTPUT, "No output: give an MP4 file or a VideoOutput with {OUTPUT}.");
            }
            requireReadable(Setting.REFERENCE_IMAGE, "Reference image", referenceImagePath);
            requireReadable(Setting.AUDIO, "Audio", audioPath);
            requireReadable(Setting.KEYPOINTS, "Keypoint sequence", keypointsPath);
            if (outputPath != null) {
                checkOutputPath(outputPath);
            }
            boolean hasSequence = keypointsPath != null || keypoints != null;
            RetargetStrategy strategy = retargetStrategyGiven ? retargetStrategy : defaultRetargetStrategy(hasSequence);
            if (strategy == null) {
                throw new InvalidInputException(Setting.RETARGET_STRATEGY, "Retarget strategy must not be null; use one of "
                        + java.util.Arrays.toString(RetargetStrategy.values()) + " with {RETARGET_STRATEGY}.");
            }
            if (strategy.needsKeypointSequence() && !hasSequence) {
                throw new InvalidInputException(Setting.KEYPOINTS, "Retarget strategy " + strategy.snakeCaseName()
                        + " needs a driving keypoint sequence: give a kps.pth file with {KEYPOINTS}, or use {RETARGET_STRATEGY:fix_face}.");
            }
            if (steps < 1) {
                throw new InvalidInputException(Setting.STEPS, "Steps ({STEPS}) must be >= 1, got " + steps + ". V-Express uses 25.");
            }
            if (steps > 1000) {
                throw new InvalidInputException(Setting.STEPS, "Steps ({STEPS}) must be <= 1000 (the training timesteps), got " + steps + ".");
            }
            if (!Double.isFinite(guidanceScale) || guidanceScale < 0) {
                throw new InvalidInputException(Setting.GUIDANCE_SCALE, "Guidance scale ({GUIDANCE_SCALE}) must be a finite number >= 0, got "
                        + guidanceScale + ". V-Express uses 3.5.");
            }
            double reference = referenceAttentionWeight != null ? referenceAttentionWeight
                    : inferencePyDefaults ? INFERENCE_PY_REFERENCE_ATTENTION_WEIGHT : DEFAULT_REFERENCE_ATTENTION_WEIGHT;
            double audioWeight = audioAttentionWeight != null ? audioAttentionWeight
                    : inferencePyDefaults ? INFERENCE_PY_AUDIO_ATTENTION_WEIGHT : DEFAULT_AUDIO_ATTENTION_WEIGHT;
            AttentionWeights weights = new AttentionWeights(reference, audioWeight);
            if (attentionSchedule == null) {
                warnings.addAll(weights.warnings());
            }
            if (contextFrames < 1) {
                throw new InvalidInputException(Setting.CONTEXT_FRAMES, "Context frames ({CONTEXT_FRAMES}) must be >= 1, got "
                        + contextFrames + ". V-Express uses 24.");
            }
            if (contextOverlap < 0 || contextOverlap >= contextFrames) {
                throw new InvalidInputException(Setting.CONTEXT_OVERLAP, "Context overlap ({CONTEXT_OVERLAP}) must be >= 0 and less than"
                        + " the context frames (" + contextFrames + "), got " + contextOverlap + ".");
            }
            if (!Double.isFinite(fps) || fps <= 0) {
                throw new InvalidInputException(Setting.FPS, "Fps ({FPS}) must be a finite number > 0, got " + fps + ".");
            }
            if (fps < 24 || fps > 30) {
                warnings.add("Fps " + fps + " is outside the recommended 24-30.");
            }
            checkSize(Setting.WIDTH, "Width", width);
            checkSize(Setting.HEIGHT, "Height", height);
            if (width != 512 || height != 512) {
                warnings.add("V-Express was trained at 512x512; " + width + "x" + height + " may look worse.");
            }
            if (scheduler == null) {
                throw new InvalidInputException(Setting.SCHEDULER, "Scheduler ({SCHEDULER}) must not be null.");
            }
            if (keypointTiming == null) {
                throw new InvalidInputException("Keypoint timing must not be null; use stretch, loop or ping_pong.");
            }
            if (keypointFps != null && (!Double.isFinite(keypointFps) || keypointFps <= 0)) {
                throw new InvalidInputException("Keypoint fps must be a finite number > 0, got " + keypointFps
                        + "; give the driving video's frame rate.");
            }
            if (keypointFps != null && keypointTiming == KeypointTiming.STRETCH) {
                warnings.add("Keypoint fps " + keypointFps + " has no effect with the stretch timing, which resamples the"
                        + " sequence to the video's length; use the loop or ping_pong timing.");
            }
            if (imageFit == null) {
                throw new InvalidInputException(Setting.IMAGE_FIT, "Image fit ({IMAGE_FIT}) must not be null.");
            }
            Precision noise = noisePrecision != null ? noisePrecision : inferencePyDefaults ? INFERENCE_PY_NOISE_PRECISION : null;
            return new GenerationRequest(this, strategy, weights, noise, warnings);
        }

        private static void checkSize(Setting setting, String name, int value) {
            if (value < 8 || value % 8 != 0) {
                throw new InvalidInputException(setting, name + " (" + setting.placeholder()
                        + ") must be a positive multiple of 8 (the VAE downsamples by 8), got " + value + ".");
            }
        }

        /** The output file's folder must exist and be a folder; whether it is writable is checked before a generation runs. */
        private static void checkOutputPath(Path file) {
            Path parent = file.toAbsolutePath().getParent();
            if (parent == null) {
                throw new InvalidInputException(Setting.OUTPUT, "Output path " + file + " names no file; give one such as out.mp4 to {OUTPUT}.");
            }
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(Setting.OUTPUT, "Output path " + file + " is a folder; give a file name such as out.mp4 to {OUTPUT}.");
            }
            if (Files.isDirectory(parent)) {
                return;
            }
            for (Path p = parent; p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    throw new InvalidInputException(Setting.OUTPUT, "Output path " + file + " is inside " + p
                            + ", which is a file, not a folder; choose another output path for {OUTPUT}.");
                }
            }
            throw new InvalidInputException(Setting.OUTPUT, "Output folder " + parent + " does not exist; create it first.");
        }

        private static void requireReadable(Setting setting, String what, Path file) {
            if (file == null) {
                return;
            }
            if (!Files.exists(file)) {
                throw new InvalidInputException(setting, what + " file " + file + " does not exist.");
            }
            if (Files.isDirectory(file)) {
                throw new InvalidInputException(setting, what + " file " + file + " is a folder, not a file.");
            }
            if (!Files.isReadable(file)) {
                throw new InvalidInputException(setting, what + " file " + file + " is not readable; check its permissions.");
            }
        }
    }
}
