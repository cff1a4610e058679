package io.vexpress.core.pipeline;

import io.vexpress.core.runtime.AttentionCensus;
import java.util.Locale;
import java.util.Optional;

/**
 * Warns before the heavy work when the bundle's denoising UNet computes attention as explicit MatMul/Softmax
 * and the request is large enough for its score matrices to exhaust memory (an export made before
 * tools/export emitted {@code com.microsoft.MultiHeadAttention}): a clear cause instead of an out-of-memory
 * failure in the middle of the denoising loop.
 */
final class QuadraticAttentionWarning {
    /** One score matrix from this size on is worth the warning (256x256 with 12-frame guided windows). */
    static final long THRESHOLD_BYTES = 512L << 20;
    /** V-Express's (SD-1.5's) attention heads; the graph does not say, and its attention is V-Express's. */
    static final int HEADS = 8;

    private QuadraticAttentionWarning() {
    }

    /**
     * The warning for a request of {@code width x height} with windows of {@code windowFrames} frames, or
     * empty when the UNet's attention is memory-efficient or the scores stay small.
     */
    static Optional<String> check(AttentionCensus census, int width, int height, int windowFrames, boolean guided,
                                  boolean fp16) {
        if (!census.quadratic()) {
            return Optional.empty();
        }
        long tokens = (long) (width / 8) * (height / 8);
        int batch = guided ? 2 : 1;
        long bytes = AttentionCensus.scoreBytes(batch, windowFrames, HEADS, tokens, fp16 ? 2 : 4);
        if (bytes < THRESHOLD_BYTES) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "The bundle's denoising UNet computes its self- and reference attention as explicit MatMul/Softmax "
                        + "(%d such attentions, no %s: an export from before tools/export emitted memory-efficient "
                        + "attention, or one made with --attention matmul). At %dx%d with %d-frame windows each of "
                        + "them holds a %.1f GB score matrix (%d x %d frames x %d heads x %d x %d), so expect to run "
                        + "out of memory. Re-export the bundle with the current tools/export without --attention "
                        + "matmul (docs/model-bundle.md, \"Attention\"), or lower the resolution.",
                census.quadraticSoftmax(), AttentionCensus.MEMORY_EFFICIENT_OP, width, height, windowFrames, bytes / 1e9,
                batch, windowFrames, HEADS, tokens, tokens));
    }
}
