package io.vexpress.examples.cli;

import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.InvalidInputException;
import io.vexpress.MemoryMode;
import io.vexpress.ModelBundleException;
import io.vexpress.Precision;
import io.vexpress.RetargetStrategy;
import io.vexpress.SchedulerType;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.runtime.BundleManifest;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.keypoints.FaceKeypoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags {@code generate} and {@code preview} share: V-Express's {@code inference.py} names in
 * snake_case, each with a kebab-case alias. Defaults are the SDK's ({@link GenerationRequest}).
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
            description = "The MP4 file to write (its folder is created if needed).")
    Path output;

    @Option(names = {"--retarget_strategy", "--retarget-strategy"}, paramLabel = "NAME", defaultValue = "fix_face",
            converter = RetargetStrategyConverter.class,
            description = "fix_face (any audio, still head), no_retarget (keypoints of the same person), "
                    + "offset_retarget (another person drives the head motion), naive_retarget. Default: ${DEFAULT-VALUE}.")
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
            description = "How much the video keeps the reference face; recommended 0.9-1.0. Default: ${DEFAULT-VALUE}.")
    double referenceAttentionWeight = GenerationRequest.DEFAULT_REFERENCE_ATTENTION_WEIGHT;

    @Option(names = {"--audio_attention_weight", "--audio-attention-weight"}, paramLabel = "W",
            description = "How strongly lips follow the audio; recommended 1.0-3.0. Default: ${DEFAULT-VALUE}.")
    double audioAttentionWeight = GenerationRequest.DEFAULT_AUDIO_ATTENTION_WEIGHT;

    @Option(names = {"--save_gpu_memory", "--save-gpu-memory"},
            description = "Load each model only for its stage and release it afterwards (less memory, slower repeated runs).")
    boolean saveGpuMemory;

    @Option(names = {"--models", "--model_bundle", "--model-bundle"}, paramLabel = "DIR",
            defaultValue = "${env:VEXPRESS_MODELS:-models/v-express}",
            description = "The model bundle folder (docs/model-bundle.md; make it with tools/export). "
                    + "Default: $VEXPRESS_MODELS or ${DEFAULT-VALUE}.")
    Path models;

    @Option(names = "--device", paramLabel = "DEVICE", defaultValue = "cpu",
            description = "cpu, cuda, cuda:N or auto (CUDA needs a -Pcuda build). Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--dtype", paramLabel = "fp32|fp16", defaultValue = "fp32",
            description = "Precision hint: which weights to prefer and which torch noise stream the seed reproduces. Default: ${DEFAULT-VALUE}.")
    String dtype;

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

    @Option(names = {"--scheduler"}, paramLabel = "ddim|dpm", defaultValue = "ddim",
            description = "ddim (V-Express, default) or dpm (DPM-Solver++ 2M, fewer steps).")
    String scheduler;

    @Option(names = {"--face_detector", "--face-detector"}, paramLabel = "ONNX",
            description = "SCRFD det_10g.onnx (insightface buffalo_l) to find the reference face, instead of the bundle's.")
    Path faceDetector;

    @Option(names = {"--reference_kps", "--reference-kps"}, paramLabel = "LX,LY,RX,RY,NX,NY",
            converter = FaceKeypointsConverter.class,
            description = "The reference face's left eye, right eye and nose, instead of detecting them: in pixels of the"
                    + " video frame, i.e. of the reference image resized to --width x --height (512x512 by default), where"
                    + " V-Express's face detector looks and where the V-Kps are drawn; the values are used as given.")
    FaceKeypoints referenceKeypoints;

    @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime intra-op threads; 0 = all cores. Default: ${DEFAULT-VALUE}.")
    int threads;

    /** The request these flags describe (checked by the SDK), writing to {@link #output}. */
    public GenerationRequest toRequest() {
        createOutputFolder(output);
        GenerationRequest.Builder b = GenerationRequest.builder()
                .setReferenceImage(referenceImage)
                .setAudio(audio)
                .setOutput(output)
                .optRetargetStrategy(retargetStrategy)
                .optReferenceCompatibleRetarget(referenceCompatibleRetarget)
                .optSteps(steps)
                .optReferenceAttentionWeight(referenceAttentionWeight)
                .optAudioAttentionWeight(audioAttentionWeight)
                .optSeed(seed)
                .optGuidanceScale(guidanceScale)
                .optFps(fps)
                .optContextFrames(contextFrames)
                .optContextOverlap(contextOverlap)
                .optWidth(width)
                .optHeight(height)
                .optScheduler(schedulerType());
        if (keypoints != null) {
            b.optKeypoints(keypoints);
        }
        if (referenceKeypoints != null) {
            b.optReferenceKeypoints(referenceKeypoints);
        }
        return b.build();
    }

    /** The generator these flags describe. Fails with exit code {@link ExitCodes#MODELS} when the bundle is missing. */
    public TalkingHeadGenerator.Builder toGeneratorBuilder() {
        requireBundle(models);
        TalkingHeadGenerator.Builder b = TalkingHeadGenerator.builder()
                .setModelBundle(models)
                .optDevice(Device.parse(device))
                .optPrecision(precision())
                .optMemoryMode(saveGpuMemory ? MemoryMode.RELEASE_AFTER_STAGE : MemoryMode.KEEP_LOADED)
                .optIntraOpThreads(threads);
        if (faceDetector != null) {
            b.optFaceDetectorModel(faceDetector);
        }
        return b;
    }

    /**
     * Whether the request needs the reference face's keypoints but nothing can find them with SCRFD: no
     * {@code --reference_kps}, no {@code --face_detector} and no {@code face_detector} in the bundle.
     *
     * @param bundle the model bundle, or null when there is none (preview)
     */
    boolean needsFallbackDetector(Path bundle) {
        if (!retargetStrategy.needsReferenceKeypoints() || referenceKeypoints != null || faceDetector != null) {
            return false;
        }
        return bundle == null || !Files.isRegularFile(bundle.resolve("manifest.json"))
                || !BundleManifest.read(bundle).has(ModelComponent.FACE_DETECTOR);
    }

    /** Fails with a {@link ModelBundleException} that says how to get a bundle when {@code folder} is not one. */
    static void requireBundle(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new ModelBundleException("No model bundle at " + (folder == null ? "(none)" : folder.toAbsolutePath())
                    + ". Export the V-Express weights with tools/export (see docs/model-bundle.md) and pass --models DIR"
                    + " or set VEXPRESS_MODELS; 'vexpress demo' runs without one.");
        }
        if (!Files.isRegularFile(folder.resolve("manifest.json"))) {
            throw new ModelBundleException(folder.toAbsolutePath() + " has no manifest.json, so it is not a model bundle."
                    + " Export one with tools/export (see docs/model-bundle.md).");
        }
    }

    static void createOutputFolder(Path output) {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.exists(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new InvalidInputException("Cannot create the output folder " + parent + ": " + e.getMessage());
            }
        }
    }

    Precision precision() {
        return switch (dtype.trim().toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> Precision.FP32;
            case "fp16", "float16" -> Precision.FP16;
            default -> throw new InvalidInputException("Unknown --dtype '" + dtype + "'. Use fp32 or fp16.");
        };
    }

    SchedulerType schedulerType() {
        return switch (scheduler.trim().toLowerCase(Locale.ROOT)) {
            case "ddim" -> SchedulerType.DDIM;
            case "dpm", "dpm++", "dpm_solver", "dpm-solver", "dpm_solver_multistep" -> SchedulerType.DPM_SOLVER_MULTISTEP;
            default -> throw new InvalidInputException("Unknown --scheduler '" + scheduler + "'. Use ddim or dpm.");
        };
    }

    Optional<FaceKeypoints> referenceKeypoints() {
        return Optional.ofNullable(referenceKeypoints);
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
