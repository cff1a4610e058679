package io.vexpress.examples.cli;

import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.ImageFit;
import io.vexpress.InvalidInputException;
import io.vexpress.KeypointTiming;
import io.vexpress.MemoryMode;
import io.vexpress.Precision;
import io.vexpress.RetargetStrategy;
import io.vexpress.SchedulerType;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.runtime.BundleManifest;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.video.Mp4Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags {@code generate} and {@code preview} share: every flag of V-Express's {@code inference.py} in
 * snake_case, each with a kebab-case alias, so that its command lines run unchanged; each inference.py flag either
 * does what it does there or, where it has no meaning here, says so ({@link InferencePyFlags}). Defaults are the
 * SDK's ({@link GenerationRequest}), which are not all inference.py's: {@code --inference_py_defaults} takes those.
 */
public final class GenerationOptions {

    @Option(names = {"--reference_image_path", "--reference-image-path"}, required = true, paramLabel = "FILE",
            description = "The portrait to animate (JPEG, PNG, WebP...): frontal, ideally square, 512x512 or larger.")
    Path referenceImage;

    @Option(names = {"--audio_path", "--audio-path"}, required = true, paramLabel = "FILE",
            description = "The speech (MP3, WAV, FLAC, M4A...); the video lasts as long as the audio.")
    Path audio;

    @Option(names = {"--kps_path", "--kps-path"}, paramLabel = "FILE",
            description = "Driving V-Kps sequence (kps.pth as V-Express writes it, .npy or .json); needed by every strategy but fix_face.")
    Path keypoints;

    @Option(names = {"--output_path", "--output-path", "-o"}, required = true, paramLabel = "FILE",
            description = "The video to write: .mp4 (also .mov, .mkv, .avi); its folder is created if needed.")
    Path output;

    @Option(names = {"--retarget_strategy", "--retarget-strategy"}, paramLabel = "NAME",
            converter = RetargetStrategyConverter.class,
            description = "fix_face (any audio, still head), no_retarget (keypoints of the same person), "
                    + "offset_retarget (another person drives the head motion), naive_retarget. Default: no_retarget"
                    + " with --kps_path, else fix_face (inference.py: always fix_face).")
    RetargetStrategy retargetStrategy;

    @Option(names = {"--reference_compatible_retarget", "--reference-compatible-retarget"},
            description = "offset_retarget/naive_retarget: pick the driving frame that sets the face's proportions exactly"
                    + " as V-Express's retarget_kps does, bug included, to reproduce its videos. Default: the frame whose"
                    + " eye-to-nose ratio is closest to the reference's (docs/conditioning.md).")
    boolean referenceCompatibleRetarget;

    @Option(names = {"--num_inference_steps", "--num-inference-steps"}, paramLabel = "N",
            description = "Denoising steps; 25-30 for quality. Default: ${DEFAULT-VALUE}.")
    int steps = GenerationRequest.DEFAULT_STEPS;

    @Option(names = {"--reference_attention_weight", "--reference-attention-weight"}, paramLabel = "W",
            description = "How much the video keeps the reference face; recommended 0.9-1.0. Default: 1.0 as V-Express's"
                    + " usage guide (inference.py's own default: 0.95, see --inference_py_defaults).")
    Double referenceAttentionWeight;

    @Option(names = {"--audio_attention_weight", "--audio-attention-weight"}, paramLabel = "W",
            description = "How strongly lips follow the audio; recommended 1.0-3.0. Default: 1.0 as the usage guide"
                    + " (inference.py's own default: 3.0, see --inference_py_defaults).")
    Double audioAttentionWeight;

    @Option(names = {"--save_gpu_memory", "--save-gpu-memory"},
            description = "Load each model only for its stage and release it afterwards (less memory, slower repeated runs).")
    boolean saveGpuMemory;

    @Option(names = {"--models", "--model_bundle", "--model-bundle"}, paramLabel = "DIR",
            defaultValue = "${env:VEXPRESS_MODELS:-models/v-express}",
            description = "The model bundle folder (docs/model-bundle.md; make it with tools/export), or 'tiny' for the"
                    + " demo's random-weight stand-in (its video is noise). Default: $VEXPRESS_MODELS or ${DEFAULT-VALUE}.")
    Path models;

    @Option(names = "--device", paramLabel = "DEVICE", converter = DeviceConverter.class,
            description = "cpu, cuda, cuda:N or auto (CUDA needs a -Pcuda build). Default: cpu (inference.py: cuda).")
    String device;

    @Option(names = "--dtype", paramLabel = "fp32|fp16", converter = PrecisionConverter.class,
            description = "Precision hint: which weights to prefer and which torch noise stream the seed reproduces."
                    + " Default: fp32 (inference.py: fp16).")
    Precision dtype;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed; the same seed and flags give the same video, and the"
            + " initial noise of V-Express's torch.manual_seed (bit-exact with --dtype fp16, within 2.5e-6 with fp32)."
            + " Default: ${DEFAULT-VALUE}.")
    long seed = GenerationRequest.DEFAULT_SEED;

    @Option(names = {"--guidance_scale", "--guidance-scale"}, paramLabel = "S",
            description = "Classifier-free guidance; 1.0 or less turns it off (twice as fast). Default: ${DEFAULT-VALUE}.")
    double guidanceScale = GenerationRequest.DEFAULT_GUIDANCE_SCALE;

    @Option(names = "--fps", paramLabel = "FPS",
            description = "Requested frame rate (the exact rate is derived from it and the audio length). Default: ${DEFAULT-VALUE}.")
    double fps = GenerationRequest.DEFAULT_FPS;

    @Option(names = {"--context_frames", "--context-frames"}, paramLabel = "N",
            description = "Frames per context window. Default: ${DEFAULT-VALUE}.")
    int contextFrames = GenerationRequest.DEFAULT_CONTEXT_FRAMES;

    @Option(names = {"--context_overlap", "--context-overlap"}, paramLabel = "N",
            description = "Frames shared by neighbouring windows. Default: ${DEFAULT-VALUE}.")
    int contextOverlap = GenerationRequest.DEFAULT_CONTEXT_OVERLAP;

    @Option(names = {"--width", "--image_width", "--image-width"}, paramLabel = "PX",
            description = "Output width, a multiple of 8. Default: ${DEFAULT-VALUE}.")
    int width = GenerationRequest.DEFAULT_SIZE;

    @Option(names = {"--height", "--image_height", "--image-height"}, paramLabel = "PX",
            description = "Output height, a multiple of 8. Default: ${DEFAULT-VALUE}.")
    int height = GenerationRequest.DEFAULT_SIZE;

    @Option(names = {"--scheduler"}, paramLabel = "ddim|dpm", defaultValue = "ddim", converter = SchedulerConverter.class,
            description = "ddim (V-Express, default) or dpm (DPM-Solver++ 2M, fewer steps).")
    SchedulerType scheduler;

    @Option(names = {"--face_detector", "--face-detector"}, paramLabel = "ONNX",
            description = "SCRFD det_10g.onnx (insightface buffalo_l) to find the reference face, instead of the bundle's.")
    Path faceDetector;

    @Option(names = {"--reference_kps", "--reference-kps"}, paramLabel = "LX,LY,RX,RY,NX,NY",
            converter = FaceKeypointsConverter.class,
            description = "The reference face's left eye, right eye and nose, instead of detecting them: in pixels of the"
                    + " video frame, i.e. of the reference image resized to --width x --height (512x512 by default), where"
                    + " V-Express's face detector looks and where the V-Kps are drawn; the values are used as given. With --image_fit face_crop: pixels of the photo.")
    FaceKeypoints referenceKeypoints;

    @Option(names = {"--image_fit", "--image-fit"}, paramLabel = "MODE", defaultValue = "stretch",
            converter = ImageFitConverter.class,
            description = "How the photo becomes the square reference: stretch (V-Express), center_crop, or face_crop"
                    + " (find the face and frame it as V-Express's sample portraits: bust shots, large photos)."
                    + " With face_crop, --reference_kps are in the photo's pixels. Default: ${DEFAULT-VALUE}.")
    ImageFit imageFit;

    @Option(names = {"--paste_back", "--paste-back"},
            description = "Composite the generated face back into the original photo: the video has the photo's size"
                    + " (rounded down to even), everything outside the crop stays the photo's. Use with --image_fit face_crop.")
    boolean pasteBack;

    @Option(names = {"--kps_timing", "--kps-timing"}, paramLabel = "MODE", defaultValue = "stretch",
            converter = KeypointTimingConverter.class,
            description = "How a driving sequence shorter than the audio is played: stretch (V-Express: slowed down to"
                    + " the audio's length), loop (at its own fps, seam blended) or ping_pong (forwards and backwards)."
                    + " A longer sequence is cut. Default: ${DEFAULT-VALUE}.")
    KeypointTiming keypointTiming;

    @Option(names = {"--kps_fps", "--kps-fps"}, paramLabel = "FPS",
            description = "The driving sequence's frame rate for --kps_timing loop and ping_pong (the driving video's fps)."
                    + " Default: the video's fps.")
    Double keypointFps;

    @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime intra-op threads; 0 = all cores. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = {"--inference_py_defaults", "--inference-py-defaults"},
            description = "Take V-Express inference.py's own defaults for every setting not given: reference attention"
                    + " weight 0.95, audio attention weight 3.0 and the fp16 noise stream of its --dtype fp16, so that its"
                    + " scenario commands start from the same noise and weights.")
    boolean inferencePyDefaults;

    /** The rest of inference.py's flags: mapped where they mean something here, explained where they do not. */
    @Mixin
    InferencePyFlags inferencePy = new InferencePyFlags();

    /**
     * The request these flags describe (checked by the SDK), writing to {@link #output}: the output's folder is
     * created and checked first (a temporary file made and deleted there), before any input is read.
     */
    public GenerationRequest toRequest() {
        inferencePy.validate();
        checkOutput();
        GenerationRequest.Builder b = GenerationRequest.builder()
                .setReferenceImage(referenceImage)
                .setAudio(audio)
                .setOutput(output)
                .optReferenceCompatibleRetarget(referenceCompatibleRetarget)
                .optSteps(steps)
                .optSeed(seed)
                .optGuidanceScale(guidanceScale)
                .optFps(fps)
                .optContextFrames(contextFrames)
                .optContextOverlap(contextOverlap)
                .optWidth(width)
                .optHeight(height)
                .optScheduler(scheduler)
                .optInferencePyDefaults(inferencePyDefaults)
                .optImageFit(imageFit)
                .optPasteBack(pasteBack)
                .optKeypointTiming(keypointTiming);
        if (keypointFps != null) {
            b.optKeypointFps(keypointFps);
        }
        if (retargetStrategy != null) {
            b.optRetargetStrategy(retargetStrategy);
        }
        if (referenceAttentionWeight != null) {
            b.optReferenceAttentionWeight(referenceAttentionWeight);
        }
        if (audioAttentionWeight != null) {
            b.optAudioAttentionWeight(audioAttentionWeight);
        }
        if (inferencePyDefaults && dtype != null) {
            b.optNoisePrecision(dtype); // an explicit --dtype also picks the noise stream
        }
        if (keypoints != null) {
            b.optKeypoints(keypoints);
        }
        if (referenceKeypoints != null) {
            b.optReferenceKeypoints(referenceKeypoints);
        }
        return b.build();
    }

    /** Creates the output's folder and checks, in milliseconds, that the video can be written there. */
    void checkOutput() {
        new Mp4Output(output).checkWritable();
    }

    /** The retarget strategy the request uses: the flag's, or the SDK's default for these inputs. */
    RetargetStrategy strategy() {
        return retargetStrategy != null ? retargetStrategy : GenerationRequest.defaultRetargetStrategy(keypoints != null);
    }

    /**
     * The generator these flags describe, on {@code bundle} (a folder checked by {@link ModelsFolder}); the audio
     * flags of inference.py are checked against its manifest first.
     */
    public TalkingHeadGenerator.Builder toGeneratorBuilder(Path bundle) {
        inferencePy.checkAgainst(BundleManifest.read(bundle));
        TalkingHeadGenerator.Builder b = TalkingHeadGenerator.builder()
                .setModelBundle(bundle)
                .optDevice(device())
                .optPrecision(precision())
                .optMemoryMode(saveGpuMemory ? MemoryMode.RELEASE_AFTER_STAGE : MemoryMode.KEEP_LOADED)
                .optIntraOpThreads(threads);
        faceDetectorModel().ifPresent(b::optFaceDetectorModel);
        return b;
    }

    /** The device: {@code --device}, with inference.py's {@code --gpu_id} choosing the CUDA device. */
    Device device() {
        return inferencePy.device(device);
    }

    /** SCRFD from {@code --face_detector}, else from {@code --insightface_model_path} (or inference.py's default folder). */
    Optional<Path> faceDetectorModel() {
        return faceDetector != null ? Optional.of(faceDetector) : inferencePy.insightfaceDetector();
    }

    /**
     * Whether the request needs the reference face (its keypoints, or a face crop) but nothing can find it with
     * SCRFD: no {@code --reference_kps}, no {@code --face_detector} or insightface models, and no {@code face_detector}
     * in the bundle.
     *
     * @param bundle the model bundle, or null when there is none (preview)
     */
    boolean needsFallbackDetector(Path bundle) {
        boolean needsFace = strategy().needsReferenceKeypoints() || imageFit == ImageFit.FACE_CROP;
        if (!needsFace || referenceKeypoints != null || faceDetectorModel().isPresent()) {
            return false;
        }
        return bundle == null || !Files.isRegularFile(bundle.resolve("manifest.json"))
                || !BundleManifest.read(bundle).has(ModelComponent.FACE_DETECTOR);
    }

    /** Warnings about the flags themselves (inference.py flags that have no effect here), shown before the work. */
    List<String> flagWarnings() {
        return inferencePy.warnings();
    }

    Precision precision() {
        return dtype != null ? dtype : Precision.FP32;
    }

    Optional<FaceKeypoints> referenceKeypoints() {
        return Optional.ofNullable(referenceKeypoints);
    }

    /** Parses {@code --device} with the SDK's parser, so that a bad name is a usage error naming the accepted ones. */
    static final class DeviceConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Device.parse(value);
                return value.trim().toLowerCase(Locale.ROOT);
            } catch (InvalidInputException e) {
                throw new TypeConversionException("unknown device '" + value + "'; use cpu, cuda, cuda:N or auto");
            }
        }
    }

    /** {@code fp32} or {@code fp16} (inference.py's {@code bf16} has no ONNX bundle here). */
    static final class PrecisionConverter implements ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "fp32", "float32" -> Precision.FP32;
                case "fp16", "float16" -> Precision.FP16;
                case "bf16", "bfloat16" -> throw new TypeConversionException("'" + value + "' is not supported: the"
                        + " model bundle holds fp32 and optionally fp16 weights; use fp32 or fp16");
                default -> throw new TypeConversionException("unknown dtype '" + value + "'; use fp32 or fp16");
            };
        }
    }

    /** {@code ddim} or {@code dpm}. */
    static final class SchedulerConverter implements ITypeConverter<SchedulerType> {
        @Override
        public SchedulerType convert(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "ddim" -> SchedulerType.DDIM;
                case "dpm", "dpm++", "dpm_solver", "dpm-solver", "dpm_solver_multistep" -> SchedulerType.DPM_SOLVER_MULTISTEP;
                default -> throw new TypeConversionException("unknown scheduler '" + value + "'; use ddim or dpm");
            };
        }
    }

    /** Parses retarget strategy names with the SDK's parser, so the error lists the accepted names. */
    static final class RetargetStrategyConverter implements ITypeConverter<RetargetStrategy> {
        @Override
        public RetargetStrategy convert(String value) {
            try {
                return RetargetStrategy.parse(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parses {@code stretch}, {@code center_crop}, {@code face_crop}. */
    static final class ImageFitConverter implements ITypeConverter<ImageFit> {
        @Override
        public ImageFit convert(String value) {
            String n = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
            for (ImageFit f : ImageFit.values()) {
                if (f.name().equals(n)) {
                    return f;
                }
            }
            throw new TypeConversionException("unknown image fit '" + value + "'; use stretch, center_crop or face_crop");
        }
    }

    /** Parses keypoint timing names with the SDK's parser. */
    static final class KeypointTimingConverter implements ITypeConverter<KeypointTiming> {
        @Override
        public KeypointTiming convert(String value) {
            try {
                return KeypointTiming.parse(value);
            } catch (InvalidInputException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Parses {@code lx,ly,rx,ry,nx,ny}. */
    static final class FaceKeypointsConverter implements ITypeConverter<FaceKeypoints> {
        @Override
        public FaceKeypoints convert(String value) {
            String[] parts = value.split(",");
            if (parts.length != 6) {
                throw new TypeConversionException("expected six comma-separated numbers lx,ly,rx,ry,nx,ny, got '" + value + "'");
            }
            float[] xy = new float[6];
            try {
                for (int i = 0; i < 6; i++) {
                    xy[i] = Float.parseFloat(parts[i].trim());
                }
                return FaceKeypoints.of(xy);
            } catch (NumberFormatException | InvalidInputException e) {
                throw new TypeConversionException("expected six numbers lx,ly,rx,ry,nx,ny, got '" + value + "'");
            }
        }
    }
}
