package io.vexpress.core.pipeline;

/**
 * The projected audio tokens of every frame, {@code [frames, tokens, width]} row-major: the denoiser's
 * cross-attention context. Small (about 15 KB per frame for V-Express), so all frames are kept.
 *
 * @param values the tokens
 * @param frames frames
 * @param tokens tokens per frame ({@code 2P+1})
 * @param width token width
 */
record AudioTokens(float[] values, int frames, int tokens, int width) {

    int valuesPerFrame() {
        return tokens * width;
    }
}
