package io.vexpress.core.postprocess;

import java.nio.FloatBuffer;

/**
 * V-Express's {@code (x * 255).astype(np.uint8)}: float32 multiply, then truncation toward zero.
 * Values outside [0, 1] (the VAE output is clamped, so only with foreign input) saturate to 0 or 255 and
 * NaN becomes 0, which is what numpy's cast gives for NaN on x86-64 and AArch64 (it is undefined in C).
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
        return quantise(v < 0f ? 0f : Math.min(v, 1f)); // Math.min keeps NaN, as torch's clamp does
    }

    /** Where a frame's values come from: a float array, or a buffer read from its position without moving it. */
    interface Source {
        /** Value {@code i} of the frame, {@code [3, H, W]} planar. */
        float get(int i);

        /** Whether values are raw VAE decoder outputs that need decode_latents' mapping first. */
        boolean vaeOutput();

        static Source of(float[] values, int offset, boolean vaeOutput) {
            return new Source() {
                @Override
                public float get(int i) {
                    return values[offset + i];
                }

                @Override
                public boolean vaeOutput() {
                    return vaeOutput;
                }
            };
        }

        static Source of(FloatBuffer values) {
            int base = values.position();
            return new Source() {
                @Override
                public float get(int i) {
                    return values.get(base + i);
                }

                @Override
                public boolean vaeOutput() {
                    return false;
                }
            };
        }
    }

    /**
     * Quantises {@code count} values from {@code from} into {@code target} at {@code at} and says whether any
     * was NaN (the median filter propagates NaN, so the caller has to know where they were).
     */
    static boolean quantise(Source source, int from, byte[] target, int at, int count) {
        boolean nan = false;
        if (source.vaeOutput()) {
            for (int i = 0; i < count; i++) {
                float x = source.get(from + i);
                nan |= x != x;
                target[at + i] = (byte) quantiseVaeOutput(x);
            }
        } else {
            for (int i = 0; i < count; i++) {
                float x = source.get(from + i);
                nan |= x != x;
                target[at + i] = (byte) quantise(x);
            }
        }
        return nan;
    }
}
