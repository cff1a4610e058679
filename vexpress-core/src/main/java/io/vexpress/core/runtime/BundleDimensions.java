package io.vexpress.core.runtime;

import java.util.List;

/**
 * The sizes a validated bundle declares, read from its models (never assumed), see docs/model-bundle.md.
 *
 * @param latentChannels {@code Cl}, 4 for SD
 * @param audioWidth {@code D}, audio token width (768 for wav2vec2-base)
 * @param audioTokens {@code 2P+1} tokens per frame after projection
 * @param referenceFeatures the reference features in index order
 * @param timestepRank 0 when the denoiser takes a scalar timestep, 1 for shape {@code [1]}
 */
public record BundleDimensions(int latentChannels, int audioWidth, int audioTokens,
                               List<ReferenceFeature> referenceFeatures, int timestepRank) {

    /** Copies the list. */
    public BundleDimensions {
        referenceFeatures = List.copyOf(referenceFeatures);
    }

    /**
     * One reference feature ("bank" entry) the reference net produces and the denoiser reads.
     *
     * @param name {@code ref_k}
     * @param channels {@code C_k}
     */
    public record ReferenceFeature(String name, int channels) {
    }
}
