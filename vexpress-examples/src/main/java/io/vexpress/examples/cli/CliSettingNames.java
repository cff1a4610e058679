package io.vexpress.examples.cli;

import io.vexpress.Setting;
import io.vexpress.SettingNames;
import java.util.EnumMap;
import java.util.Map;

/**
 * The command line's words for the SDK's {@link Setting}s, so that an error about a setting names the flag that sets
 * it ({@code --reference_kps}, {@code --device cpu}) instead of an SDK method. Settings without a flag keep the SDK's
 * name.
 */
final class CliSettingNames implements SettingNames {
    /** The flags of {@code generate}, {@code preview} and {@code demo}. */
    static final CliSettingNames GENERATE = new CliSettingNames(defaults());

    private final Map<Setting, String> flags;

    private CliSettingNames(Map<Setting, String> flags) {
        this.flags = flags;
    }

    private static Map<Setting, String> defaults() {
        Map<Setting, String> m = new EnumMap<>(Setting.class);
        m.put(Setting.MODEL_BUNDLE, "--models");
        m.put(Setting.DEVICE, "--device");
        m.put(Setting.PRECISION, "--dtype");
        m.put(Setting.MEMORY_MODE, "--save_gpu_memory");
        m.put(Setting.INTRA_OP_THREADS, "--threads");
        m.put(Setting.FACE_DETECTOR, "--face_detector");
        m.put(Setting.REFERENCE_IMAGE, "--reference_image_path");
        m.put(Setting.AUDIO, "--audio_path");
        m.put(Setting.OUTPUT, "--output_path");
        m.put(Setting.KEYPOINTS, "--kps_path");
        m.put(Setting.REFERENCE_KEYPOINTS, "--reference_kps");
        m.put(Setting.RETARGET_STRATEGY, "--retarget_strategy");
        m.put(Setting.STEPS, "--num_inference_steps");
        m.put(Setting.GUIDANCE_SCALE, "--guidance_scale");
        m.put(Setting.REFERENCE_ATTENTION_WEIGHT, "--reference_attention_weight");
        m.put(Setting.AUDIO_ATTENTION_WEIGHT, "--audio_attention_weight");
        m.put(Setting.SCHEDULER, "--scheduler");
        m.put(Setting.CONTEXT_FRAMES, "--context_frames");
        m.put(Setting.CONTEXT_OVERLAP, "--context_overlap");
        m.put(Setting.FPS, "--fps");
        m.put(Setting.WIDTH, "--image_width");
        m.put(Setting.HEIGHT, "--image_height");
        m.put(Setting.SEED, "--seed");
        m.put(Setting.NOISE_PRECISION, "--dtype");
        return m;
    }

    /** These names with {@code setting} named {@code flag} instead (a command whose flag differs). */
    CliSettingNames with(Setting setting, String flag) {
        Map<Setting, String> m = new EnumMap<>(flags);
        m.put(setting, flag);
        return new CliSettingNames(m);
    }

    @Override
    public String name(Setting setting, String value) {
        String flag = flags.get(setting);
        if (flag == null) {
            return setting.sdkName(value);
        }
        if (value == null || setting == Setting.MEMORY_MODE) {
            return flag;
        }
        return flag + " " + value.toLowerCase(java.util.Locale.ROOT);
    }
}
