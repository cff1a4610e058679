package io.vexpress;

/**
 * The two attention weights V-Express feeds the denoiser: how strongly each transformer block attends to
 * the reference image's features and to the audio tokens.
 *
 * @param reference reference-attention weight; V-Express recommends 0.9–1.0 (lower: more motion,
 *     less identity); values up to about 2 are used in practice and accepted with a warning
 * @param audio audio-attention weight; recommended 1.0–3.0 (higher: stronger lip sync, more mouth artefacts)
 */
public record AttentionWeights(double reference, double audio) {

    /** Rejects NaN, infinite and negative weights. */
    public AttentionWeights {
        check("reference attention weight", reference);
        check("audio attention weight", audio);
    }

    private static void check(String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new InvalidInputException("The " + name + " must be a finite number >= 0, got " + value
                    + ". Typical values: reference 0.9-1.0, audio 1.0-3.0.");
        }
    }
}
