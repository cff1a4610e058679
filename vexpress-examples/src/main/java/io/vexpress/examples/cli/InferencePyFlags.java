package io.vexpress.examples.cli;

import io.vexpress.Device;
import io.vexpress.InvalidInputException;
import io.vexpress.Setting;
import io.vexpress.core.runtime.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The flags of V-Express's {@code inference.py} (commit 6814f7d) that have no counterpart among the SDK's settings,
 * accepted so that its command lines run unchanged:
 *
 * <ul>
 *   <li>{@code --gpu_id N} picks the CUDA device, as inference.py's {@code cuda:<gpu_id>}: {@code --device cuda:N};
 *   <li>{@code --insightface_model_path DIR} finds SCRFD at {@code DIR/models/buffalo_l/det_10g.onnx}, where
 *       insightface's {@code FaceAnalysis(root=DIR)} looks (inference.py's default folder is used when it exists);
 *   <li>{@code --num_pad_audio_frames} and {@code --standard_audio_sampling_rate} are fixed when a bundle is exported,
 *       so they are checked against its manifest;
 *   <li>{@code --test_stage} and {@code --audio_embeddings_type} take the only values inference.py implements for its
 *       released weights, {@code stage_3} and {@code global};
 *   <li>the checkpoint paths ({@code --unet_config_path}, {@code --vae_path}, ...) belong to {@code tools/export},
 *       which turns the checkpoints into the model bundle this tool runs: with inference.py's default value they
 *       name the checkpoints a standard bundle was exported from and are ignored with a warning; with any other value
 *       they are refused with the export command that would use them.
 * </ul>
 */
final class InferencePyFlags {
    /** inference.py's default for {@code --insightface_model_path}. */
    static final String INSIGHTFACE_DEFAULT = "./model_ckpts/insightface_models/";
    /** Where insightface's {@code FaceAnalysis(name='buffalo_l', root=...)} finds its detector. */
    static final String SCRFD_IN_INSIGHTFACE_ROOT = "models/buffalo_l/det_10g.onnx";

    @Option(names = {"--gpu_id", "--gpu-id"}, paramLabel = "N",
            description = "inference.py's CUDA device number: --gpu_id N is --device cuda:N.")
    Integer gpuId;

    @Option(names = {"--insightface_model_path", "--insightface-model-path"}, paramLabel = "DIR",
            description = "inference.py's insightface root: SCRFD is read from DIR/" + SCRFD_IN_INSIGHTFACE_ROOT
                    + " (as insightface's FaceAnalysis does). Default: " + INSIGHTFACE_DEFAULT + " when it holds it.")
    String insightfaceModelPath;

    @Option(names = {"--num_pad_audio_frames", "--num-pad-audio-frames"}, paramLabel = "N",
            description = "inference.py's audio context; fixed when the bundle is exported, so it must equal the"
                    + " bundle's num_pad_audio_frames (V-Express: 2).")
    Integer numPadAudioFrames;

    @Option(names = {"--standard_audio_sampling_rate", "--standard-audio-sampling-rate"}, paramLabel = "HZ",
            description = "inference.py's audio encoder rate; must equal the bundle's audio_sample_rate (V-Express: 16000).")
    Integer standardAudioSamplingRate;

    @Option(names = {"--test_stage", "--test-stage"}, paramLabel = "stage_3", converter = TestStageConverter.class,
            description = "inference.py's training stage; only stage_3 (its default and the released weights) exists here.")
    String testStage;

    @Option(names = {"--audio_embeddings_type", "--audio-embeddings-type"}, paramLabel = "global",
            converter = AudioEmbeddingsConverter.class,
            description = "inference.py's audio embeddings; only global (its default and only implemented value).")
    String audioEmbeddingsType;

    @Option(names = {"--unet_config_path", "--unet-config-path"}, paramLabel = "PATH", hidden = true)
    String unetConfigPath;
    @Option(names = {"--vae_path", "--vae-path"}, paramLabel = "PATH", hidden = true)
    String vaePath;
    @Option(names = {"--audio_encoder_path", "--audio-encoder-path"}, paramLabel = "PATH", hidden = true)
    String audioEncoderPath;
    @Option(names = {"--reference_net_path", "--reference-net-path"}, paramLabel = "PATH", hidden = true)
    String referenceNetPath;
    @Option(names = {"--denoising_unet_path", "--denoising-unet-path"}, paramLabel = "PATH", hidden = true)
    String denoisingUnetPath;
    @Option(names = {"--motion_module_path", "--motion-module-path"}, paramLabel = "PATH", hidden = true)
    String motionModulePath;
    @Option(names = {"--v_kps_guider_path", "--v-kps-guider-path"}, paramLabel = "PATH", hidden = true)
    String vKpsGuiderPath;
    @Option(names = {"--audio_projection_path", "--audio-projection-path"}, paramLabel = "PATH",
            description = "inference.py's checkpoint paths (also --unet_config_path, --vae_path, --audio_encoder_path,"
                    + " --reference_net_path, --denoising_unet_path, --motion_module_path, --v_kps_guider_path): the"
                    + " weights come from the model bundle (--models), which tools/export makes from these checkpoints;"
                    + " inference.py's default paths are accepted and ignored, others are refused with the export command.")
    String audioProjectionPath;

    /** The checkpoint flags given, flag name to value, in inference.py's order. */
    private Map<String, String> checkpoints() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "--unet_config_path", unetConfigPath);
        put(m, "--vae_path", vaePath);
        put(m, "--audio_encoder_path", audioEncoderPath);
        put(m, "--denoising_unet_path", denoisingUnetPath);
        put(m, "--reference_net_path", referenceNetPath);
        put(m, "--v_kps_guider_path", vKpsGuiderPath);
        put(m, "--audio_projection_path", audioProjectionPath);
        put(m, "--motion_module_path", motionModulePath);
        return m;
    }

    private static void put(Map<String, String> m, String flag, String value) {
        if (value != null) {
            m.put(flag, value);
        }
    }

    /** inference.py's defaults for its checkpoint flags (also tools/export's). */
    static final Map<String, String> CHECKPOINT_DEFAULTS = Map.of(
            "--unet_config_path", "./model_ckpts/stable-diffusion-v1-5/unet/config.json",
            "--vae_path", "./model_ckpts/sd-vae-ft-mse/",
            "--audio_encoder_path", "./model_ckpts/wav2vec2-base-960h/",
            "--denoising_unet_path", "./model_ckpts/v-express/denoising_unet.bin",
            "--reference_net_path", "./model_ckpts/v-express/reference_net.bin",
            "--v_kps_guider_path", "./model_ckpts/v-express/v_kps_guider.bin",
            "--audio_projection_path", "./model_ckpts/v-express/audio_projection.bin",
            "--motion_module_path", "./model_ckpts/v-express/motion_module.bin");

    /**
     * Refuses checkpoint paths other than inference.py's defaults: this tool cannot load PyTorch checkpoints, and
     * ignoring them would make a video from other weights than asked for.
     */
    void validate() {
        Map<String, String> custom = new LinkedHashMap<>();
        checkpoints().forEach((flag, value) -> {
            if (!samePath(value, CHECKPOINT_DEFAULTS.get(flag))) {
                custom.put(flag, value);
            }
        });
        if (!custom.isEmpty()) {
            StringBuilder command = new StringBuilder("python tools/export/export_bundle.py --vexpress_dir V-EXPRESS_DIR");
            custom.forEach((flag, value) -> command.append(' ').append(flag).append(' ').append(value));
            command.append(" --output_dir models/my-bundle");
            throw new InvalidInputException(Setting.MODEL_BUNDLE, String.join(", ", custom.keySet())
                    + (custom.size() == 1 ? " names a PyTorch checkpoint" : " name PyTorch checkpoints")
                    + ", which this tool does not load: it runs the ONNX model bundle given to {MODEL_BUNDLE}. Export"
                    + " them once with tools/export (" + command + ") and pass {MODEL_BUNDLE} models/my-bundle.");
        }
    }

    /** What the flags given do not do here, one warning each. */
    List<String> warnings() {
        List<String> out = new ArrayList<>();
        Map<String, String> given = checkpoints();
        if (!given.isEmpty()) {
            out.add(String.join(", ", given.keySet()) + (given.size() == 1 ? " is" : " are") + " ignored: the weights come"
                    + " from the model bundle (--models), which tools/export makes from inference.py's checkpoints.");
        }
        return out;
    }

    /** The device for {@code --device} (null: not given) and {@code --gpu_id}, as inference.py combines them. */
    Device device(String deviceFlag) {
        if (gpuId == null) {
            return deviceFlag == null ? Device.cpu() : Device.parse(deviceFlag);
        }
        if (gpuId < 0) {
            throw new CliUsageException("--gpu_id must be >= 0, got " + gpuId + ".");
        }
        if (deviceFlag == null || deviceFlag.equals("cuda") || deviceFlag.equals("gpu")) {
            return Device.cuda(gpuId);
        }
        Device d = Device.parse(deviceFlag);
        if (d.kind() == Device.Kind.CPU) {
            return d; // inference.py ignores --gpu_id off CUDA
        }
        if (d.kind() == Device.Kind.CUDA && d.deviceId() == gpuId) {
            return d;
        }
        throw new CliUsageException("--device " + deviceFlag + " and --gpu_id " + gpuId + " name different devices;"
                + " give --device cuda --gpu_id N (as inference.py) or --device cuda:N.");
    }

    /**
     * SCRFD under {@code --insightface_model_path}, or under inference.py's default folder when it holds it. A folder
     * other than the default that lacks it is an error; the default one (given or not) simply has nothing to offer,
     * as inference.py would then download buffalo_l, which this tool never does.
     */
    Optional<Path> insightfaceDetector() {
        String root = insightfaceModelPath != null ? insightfaceModelPath : INSIGHTFACE_DEFAULT;
        Path detector = expandHome(root).resolve(SCRFD_IN_INSIGHTFACE_ROOT);
        if (Files.isRegularFile(detector)) {
            return Optional.of(detector);
        }
        if (insightfaceModelPath != null && !samePath(insightfaceModelPath, INSIGHTFACE_DEFAULT)) {
            throw new InvalidInputException(Setting.FACE_DETECTOR, "--insightface_model_path " + insightfaceModelPath
                    + " holds no " + SCRFD_IN_INSIGHTFACE_ROOT + " (where insightface's FaceAnalysis, and so inference.py,"
                    + " finds its face detector): unpack insightface's buffalo_l.zip into " + detector.getParent()
                    + ", or give det_10g.onnx itself to {FACE_DETECTOR}.");
        }
        return Optional.empty();
    }

    /** Checks the audio flags against the bundle they would have to match. */
    void checkAgainst(BundleManifest manifest) {
        if (numPadAudioFrames != null && numPadAudioFrames != manifest.numPadAudioFrames()) {
            throw new InvalidInputException(Setting.MODEL_BUNDLE, "--num_pad_audio_frames " + numPadAudioFrames
                    + " does not match the model bundle, whose audio projection was exported for "
                    + manifest.numPadAudioFrames() + " (num_pad_audio_frames in " + manifest.folder().resolve(BundleManifest.FILE_NAME)
                    + "). Drop the flag, or export a bundle with tools/export --num_pad_audio_frames " + numPadAudioFrames + ".");
        }
        if (standardAudioSamplingRate != null && standardAudioSamplingRate != manifest.audioSampleRate()) {
            throw new InvalidInputException(Setting.MODEL_BUNDLE, "--standard_audio_sampling_rate " + standardAudioSamplingRate
                    + " does not match the model bundle, whose audio encoder takes " + manifest.audioSampleRate()
                    + " Hz (audio_sample_rate in its manifest.json). Drop the flag: the audio is resampled to the bundle's rate.");
        }
    }

    /** The audio encoder's rate for a preview without a bundle: the flag's, else V-Express's 16 kHz. */
    int audioRate(int fallback) {
        return standardAudioSamplingRate != null ? standardAudioSamplingRate : fallback;
    }

    private static boolean samePath(String a, String b) {
        return b != null && Path.of(a).normalize().equals(Path.of(b).normalize());
    }

    private static Path expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + path.substring(1));
        }
        return Path.of(path);
    }

    /** Only {@code stage_3}. */
    static final class TestStageConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.trim().toLowerCase(Locale.ROOT).equals("stage_3")) {
                throw new TypeConversionException("'" + value + "' is not supported: the model bundle holds V-Express's"
                        + " released stage-3 weights, so only stage_3 (inference.py's default) runs here");
            }
            return "stage_3";
        }
    }

    /** Only {@code global}. */
    static final class AudioEmbeddingsConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.trim().toLowerCase(Locale.ROOT).equals("global")) {
                throw new TypeConversionException("'" + value + "' is not supported: inference.py implements only"
                        + " global audio embeddings (its default)");
            }
            return "global";
        }
    }
}
