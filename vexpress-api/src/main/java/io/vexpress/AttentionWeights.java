package io.vexpress;

import java.util.ArrayList;
import java.util.List;

/**
 * The two attention weights V-Express feeds the denoiser: how strongly each transformer block attends to
 * the reference image's features and to the audio tokens.
 *
 * @param reference reference-attention weight; V-Express recommends 0.9–1.0 (lower: more motion,
 *     less identity); values up to about 2 are used in practice and accepted with a warning
 * @param audio audio-attention weight; recommended 1.0–3.0 (higher: stronger lip sync, more mouth artefacts)
 */
public record AttentionWeights(double reference, double audio) {
    /** V-Express's recommended reference-attention range. */
    public static final double REFERENCE_MIN = 0.9;
    public static final double REFERENCE_MAX = 1.0;
    /** V-Express's recommended audio-attention range. */
    public static final double AUDIO_MIN = 1.0;
    public static final double AUDIO_MAX = 3.0;

    /** Rejects NaN, infinite and negative weights. */
    public AttentionWeights {
        check(Setting.REFERENCE_ATTENTION_WEIGHT, "reference attention weight", reference);
        check(Setting.AUDIO_ATTENTION_WEIGHT, "audio attention weight", audio);
    }

    private static void check(Setting setting, String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidInputException(setting, "The " + name + " (" + setting.placeholder()
                    + ") must be a finite number >= 0, got " + value + ". Typical values: reference 0.9-1.0, audio 1.0-3.0.");
        }
    }

    /** What is outside V-Express's recommended ranges (reference 0.9–1.0, audio 1.0–3.0), one sentence each. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>(2);
        if (reference < REFERENCE_MIN || reference > REFERENCE_MAX) {
            out.add("Reference attention weight " + reference + " is outside the recommended " + REFERENCE_MIN + "-"
                    + REFERENCE_MAX + " (lower: more motion, less identity).");
        }
        if (audio < AUDIO_MIN || audio > AUDIO_MAX) {
            out.add("Audio attention weight " + audio + " is outside the recommended " + AUDIO_MIN + "-" + AUDIO_MAX
                    + " (higher: stronger lip sync, more mouth artefacts).");
        }
        return out;
    }
}
