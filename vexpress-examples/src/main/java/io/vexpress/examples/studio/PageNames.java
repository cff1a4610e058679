package io.vexpress.examples.studio;

import io.vexpress.Setting;
import io.vexpress.SettingNames;

/** How the SDK's messages name a setting on the studio page: by the page's own labels. */
final class PageNames implements SettingNames {
    static final PageNames PAGE = new PageNames();

    @Override
    public String name(Setting setting, String value) {
        String label = switch (setting) {
            case REFERENCE_IMAGE -> "the Portrait box";
            case AUDIO -> "the Speech box";
            case KEYPOINTS -> "the Head motion box (a kps.pth or a driving video)";
            case REFERENCE_KEYPOINTS, FACE_DETECTOR -> "a portrait with one clear, frontal face";
            case RETARGET_STRATEGY -> "Retarget strategy";
            case STEPS -> "Denoising steps";
            case REFERENCE_ATTENTION_WEIGHT -> "Reference attention weight";
            case AUDIO_ATTENTION_WEIGHT -> "Audio attention weight";
            case IMAGE_FIT -> "Image fit";
            case SEED -> "Seed";
            case WIDTH, HEIGHT -> "Size";
            default -> setting.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (the studio's --options)";
        };
        return value == null ? label : label + " " + value;
    }
}
