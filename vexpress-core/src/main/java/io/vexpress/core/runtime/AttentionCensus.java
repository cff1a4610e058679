package io.vexpress.core.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a denoising UNet file computes the attentions whose score matrices grow with the image, read from its
 * graph (docs/model-bundle.md, "Attention").
 *
 * <p>tools/export emits ONNX Runtime's {@code com.microsoft.MultiHeadAttention}, whose memory grows linearly
 * with the latent area. Older exports (and any export of diffusers' attention as written) compute
 * {@code MatMul -> Softmax -> MatMul}, materialising {@code [batch * frames * heads, tokens, tokens]} scores for
 * the spatial self-attention ({@code attn1}) and the reference attention ({@code attn1_5}). PyTorch's exporter
 * names nodes after their module path, so those Softmax nodes are recognisable by an {@code /attn1/} or
 * {@code /attn1_5/} scope; other softmaxes (the audio cross-attention, the motion modules' attention over
 * the frames, small stand-in networks) are not counted, their scores grow at most linearly.
 *
 * @param multiHeadAttention number of {@code com.microsoft.MultiHeadAttention} nodes
 * @param quadraticSoftmax number of Softmax nodes of a self- or reference attention over all latent tokens
 * @param readable false when the file could not be read as an ONNX graph (both counts are then 0)
 */
public record AttentionCensus(int multiHeadAttention, int quadraticSoftmax, boolean readable) {
    /** The operator tools/export emits. */
    public static final String MEMORY_EFFICIENT_OP = "com.microsoft.MultiHeadAttention";
    private static final Logger LOG = LoggerFactory.getLogger(AttentionCensus.class);
    private static final Pattern SPATIAL_ATTENTION_SCOPE = Pattern.compile(".*/attn1(_5)?/.*");

    /** Counts the nodes of {@code onnxFile}; an unreadable file gives a census that reports nothing. */
    public static AttentionCensus of(Path onnxFile) {
        int[] counts = new int[2];
        try {
            OnnxNodes.scan(onnxFile, node -> {
                if (node.opType().equals("MultiHeadAttention") && node.domain().equals("com.microsoft")) {
                    counts[0]++;
                } else if (node.opType().equals("Softmax") && (node.domain().isEmpty() || node.domain().equals("ai.onnx"))
                        && SPATIAL_ATTENTION_SCOPE.matcher(node.name()).matches()) {
                    counts[1]++;
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not read the graph of {} to check its attention: {}", onnxFile, e.toString());
            return new AttentionCensus(0, 0, false);
        }
        return new AttentionCensus(counts[0], counts[1], true);
    }

    /** Whether some attention over all latent tokens materialises its score matrix. */
    public boolean quadratic() {
        return quadraticSoftmax > 0;
    }

    /**
     * Bytes of one such score matrix, {@code batch x frames x heads x tokens²} floats, for a latent of
     * {@code latentTokens} positions.
     */
    public static long scoreBytes(int batch, int frames, int heads, long latentTokens, int bytesPerElement) {
        return (long) batch * frames * heads * latentTokens * latentTokens * bytesPerElement;
    }
}
