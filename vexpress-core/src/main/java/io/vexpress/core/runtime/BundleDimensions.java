package io.vexpress.core.runtime;

import java.util.List;

/**
 * The sizes a validated bundle declares, read from its models (never assumed), see docs/model-bundle.md.
 *
 * @param latentChannels {@code Cl}, 4 for SD
 * @param kpsChannels {@code Ck}, keypoint-feature channels (320 for V-Express)
 * @param audioFeatureWidth {@code Da}, the audio encoder's output width = the audio projection's input width
 *     (768 for wav2vec2-base)
 * @param audioTokenWidth {@code Dt}, the audio projection's output width = the width of the denoising UNet's
 *     audio tokens (its cross-attention width, 768 in V-Express); may differ from {@code Da}
 * @param audioTokens {@code 2P+1} tokens per frame after projection
 * @param referenceFeatures the reference features in index order
 * @param timestepRank 0 when the denoiser takes a scalar timestep, 1 for shape {@code [1]}
 */
public record BundleDimensions(int latentChannels, int kpsChannels, int audioFeatureWidth, int audioTokenWidth,
                               int audioTokens,
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
