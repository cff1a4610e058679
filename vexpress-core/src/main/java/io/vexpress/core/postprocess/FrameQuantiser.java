package io.vexpress.core.postprocess;

/**
 * V-Express's {@code (x * 255).astype(np.uint8)}: float32 multiply, then truncation toward zero.
 * Values outside [0, 1] (the VAE output is clamped, so only with foreign input) saturate to 0 or 255 and
 * NaN becomes 0, which is what numpy's cast gives for NaN on x86-64 and AArch64 (it is undefined in C).
 */
final class FrameQuantiser {
    private FrameQuantiser() {
    }

    static int quantise(float x) {
        int q = (int) (x * 255f); // float32, as torch computes video_tensor * 255; (int) truncates toward zero, NaN -> 0
        q = q < 0 ? 0 : q;
        return q > 255 ? 255 : q;
    }

    /** V-Express's decode_latents then save_video: {@code (x / 2 + 0.5).clamp(0, 1)}, then {@link #quantise(float)}. */
    static int quantiseVaeOutput(float x) {
        float v = x / 2f + 0.5f;
        return quantise(v < 0f ? 0f : Math.min(v, 1f)); // Math.min keeps NaN, as torch's clamp does
    }

    /**
     * Quantises {@code count} values of {@code source} from {@code from} into {@code target} at {@code at}, applying
     * decode_latents' mapping first for raw VAE outputs, and says whether any was NaN (the median propagates NaN,
     * so the caller has to know where they were).
     */
    static boolean quantise(float[] source, int from, boolean vaeOutput, byte[] target, int at, int count) {
        boolean nan = false;
        if (vaeOutput) {
            for (int i = 0; i < count; i++) {
                float x = source[from + i];
                nan |= x != x;
                target[at + i] = (byte) quantiseVaeOutput(x);
            }
        } else {
            for (int i = 0; i < count; i++) {
                float x = source[from + i];
                nan |= x != x;
                target[at + i] = (byte) quantise(x);
            }
        }
        return nan;
    }
}
