package io.vexpress.core.postprocess;

import java.nio.FloatBuffer;

/**
 * V-Express's {@code (x * 255).astype(np.uint8)}: float32 multiply, then truncation toward zero.
 * Values outside [0, 1] (the VAE output is clamped, so only with foreign input) saturate to 0 or 255 and
 * NaN becomes 0, where numpy's cast is undefined.
 */
final class FrameQuantiser {
    private FrameQuantiser() {
    }

    static int quantise(float x) {
        float v = x * 255f; // float32, as torch computes video_tensor * 255
        if (v >= 255f) {
            return 255;
        }
        return v > 0f ? (int) v : 0; // (int) truncates toward zero; also maps NaN to 0
    }

    /** V-Express's decode_latents then save_video: {@code (x / 2 + 0.5).clamp(0, 1)}, then {@link #quantise(float)}. */
    static int quantiseVaeOutput(float x) {
        float v = x / 2f + 0.5f;
        return quantise(v < 0f ? 0f : Math.min(v, 1f));
    }

    /** Maps and quantises {@code count} raw VAE decoder values ([-1, 1] nominally) into {@code target}. */
    static void quantiseVaeOutput(float[] source, int offset, byte[] target, int count) {
        for (int i = 0; i < count; i++) {
            target[i] = (byte) quantiseVaeOutput(source[offset + i]);
        }
    }

    /** Quantises {@code count} values of a planar frame into {@code target}. */
    static void quantise(float[] source, int offset, byte[] target, int count) {
        for (int i = 0; i < count; i++) {
            target[i] = (byte) quantise(source[offset + i]);
        }
    }

    /** Same, reading {@code count} values from {@code source} at its position (without moving it). */
    static void quantise(FloatBuffer source, byte[] target, int count) {
        int base = source.position();
        for (int i = 0; i < count; i++) {
            target[i] = (byte) quantise(source.get(base + i));
        }
    }
}
