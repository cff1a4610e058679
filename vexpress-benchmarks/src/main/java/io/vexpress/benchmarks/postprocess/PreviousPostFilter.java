package io.vexpress.benchmarks.postprocess;

import io.vexpress.media.RgbImage;
import java.util.function.Consumer;

/**
 * The post-filter as it was before the bit-sliced median (commit c816d36), kept only as the baseline of
 * {@link MedianFilterBenchmark}: truncating quantisation, then a 3x3x3 median from a 25-comparator network per
 * column of 9 and a 13-candidate selection per pixel, one thread, with scipy's edge-repeating borders (which
 * do not change its speed). Not V-Express's current output; do not use it for anything else.
 */
final class PreviousPostFilter {
    private final Consumer<RgbImage> output;
    private final byte[][] ring = new byte[3][];
    private final byte[] rgb;
    private long pushed;
    private final int width;
    private final int height;
    // Sorted columns for one output row (s0 smallest, s8 largest), padded by one reflected column on each side.
    private final int[] s0;
    private final int[] s1;
    private final int[] s2;
    private final int[] s3;
    private final int[] s4;
    private final int[] s5;
    private final int[] s6;
    private final int[] s7;
    private final int[] s8;
    private final int[] median;

    PreviousPostFilter(int width, int height, Consumer<RgbImage> output) {
        this.width = width;
        this.height = height;
        this.output = output;
        for (int i = 0; i < 3; i++) {
            ring[i] = new byte[3 * width * height];
        }
        this.rgb = new byte[3 * width * height];
        int padded = width + 2;
        s0 = new int[padded];
        s1 = new int[padded];
        s2 = new int[padded];
        s3 = new int[padded];
        s4 = new int[padded];
        s5 = new int[padded];
        s6 = new int[padded];
        s7 = new int[padded];
        s8 = new int[padded];
        median = new int[width];
    }

    /** Quantises the next frame and emits the one before it, filtered (the steady state of the old streaming filter). */
    void push(float[] chw) {
        byte[] slot = ring[(int) (pushed % 3)];
        for (int i = 0; i < slot.length; i++) {
            float v = chw[i] * 255f;
            slot[i] = (byte) (v >= 255f ? 255 : (v > 0f ? (int) v : 0));
        }
        long t = pushed++ - 1;
        if (t >= 0) {
            filter(ring[(int) ((t == 0 ? t : t - 1) % 3)], ring[(int) (t % 3)], slot, rgb);
            output.accept(RgbImage.of(width, height, rgb));
        }
    }

    /**
     * Filters frame {@code current} given its neighbours in time (pass {@code current} itself for a missing
     * neighbour: that is the reflect border) into interleaved RGB {@code out}.
     */
    void filter(byte[] previous, byte[] current, byte[] next, byte[] out) {
        int plane = width * height;
        for (int ch = 0; ch < 3; ch++) {
            int base = ch * plane;
            for (int y = 0; y < height; y++) {
                int r0 = base + Math.max(y - 1, 0) * width;
                int r1 = base + y * width;
                int r2 = base + Math.min(y + 1, height - 1) * width;
                sortColumns(previous, current, next, r0, r1, r2);
                selectMedians();
                int o = y * width * 3 + ch;
                for (int x = 0; x < width; x++, o += 3) {
                    out[o] = (byte) median[x];
                }
            }
        }
    }

    /** Gathers and sorts the 9-value column at every x (with x = -1 and x = width reflected). */
    private void sortColumns(byte[] p, byte[] c, byte[] n, int r0, int r1, int r2) {
        int last = width - 1;
        for (int i = 0; i < width + 2; i++) {
            int x = Math.min(Math.max(i - 1, 0), last);
            int a0 = p[r0 + x] & 0xFF;
            int a1 = p[r1 + x] & 0xFF;
            int a2 = p[r2 + x] & 0xFF;
            int a3 = c[r0 + x] & 0xFF;
            int a4 = c[r1 + x] & 0xFF;
            int a5 = c[r2 + x] & 0xFF;
            int a6 = n[r0 + x] & 0xFF;
            int a7 = n[r1 + x] & 0xFF;
            int a8 = n[r2 + x] & 0xFF;
            int t;
            // A 25-comparator sorting network for 9 inputs (by the 0-1 principle: checked on all 512 binary inputs).
            t = Math.min(a0, a3); a3 = Math.max(a0, a3); a0 = t;
            t = Math.min(a1, a7); a7 = Math.max(a1, a7); a1 = t;
            t = Math.min(a2, a5); a5 = Math.max(a2, a5); a2 = t;
            t = Math.min(a4, a8); a8 = Math.max(a4, a8); a4 = t;
            t = Math.min(a0, a7); a7 = Math.max(a0, a7); a0 = t;
            t = Math.min(a2, a4); a4 = Math.max(a2, a4); a2 = t;
            t = Math.min(a3, a8); a8 = Math.max(a3, a8); a3 = t;
            t = Math.min(a5, a6); a6 = Math.max(a5, a6); a5 = t;
            t = Math.min(a0, a2); a2 = Math.max(a0, a2); a0 = t;
            t = Math.min(a1, a3); a3 = Math.max(a1, a3); a1 = t;
            t = Math.min(a4, a5); a5 = Math.max(a4, a5); a4 = t;
            t = Math.min(a7, a8); a8 = Math.max(a7, a8); a7 = t;
            t = Math.min(a1, a4); a4 = Math.max(a1, a4); a1 = t;
            t = Math.min(a3, a6); a6 = Math.max(a3, a6); a3 = t;
            t = Math.min(a5, a7); a7 = Math.max(a5, a7); a5 = t;
            t = Math.min(a0, a1); a1 = Math.max(a0, a1); a0 = t;
            t = Math.min(a2, a4); a4 = Math.max(a2, a4); a2 = t;
            t = Math.min(a3, a5); a5 = Math.max(a3, a5); a3 = t;
            t = Math.min(a6, a8); a8 = Math.max(a6, a8); a6 = t;
            t = Math.min(a2, a3); a3 = Math.max(a2, a3); a2 = t;
            t = Math.min(a4, a5); a5 = Math.max(a4, a5); a4 = t;
            t = Math.min(a6, a7); a7 = Math.max(a6, a7); a6 = t;
            t = Math.min(a1, a2); a2 = Math.max(a1, a2); a1 = t;
            t = Math.min(a3, a4); a4 = Math.max(a3, a4); a3 = t;
            t = Math.min(a5, a6); a6 = Math.max(a5, a6); a5 = t;
            s0[i] = a0;
            s1[i] = a1;
            s2[i] = a2;
            s3[i] = a3;
            s4[i] = a4;
            s5[i] = a5;
            s6[i] = a6;
            s7[i] = a7;
            s8[i] = a8;
        }
    }

    /** The median of the window of sorted columns x-1, x, x+1 (array indices x, x+1, x+2) for every x. */
    private void selectMedians() {
        int[] out = median;
        for (int x = 0; x < width; x++) {
            // Maxima of rows 0..3 and minima of rows 5..8 (each list ascending).
            int m4 = max3(s0[x], s0[x + 1], s0[x + 2]);
            int m5 = max3(s1[x], s1[x + 1], s1[x + 2]);
            int m6 = max3(s2[x], s2[x + 1], s2[x + 2]);
            int m7 = max3(s3[x], s3[x + 1], s3[x + 2]);
            int m0 = min3(s5[x], s5[x + 1], s5[x + 2]);
            int m1 = min3(s6[x], s6[x + 1], s6[x + 2]);
            int m2 = min3(s7[x], s7[x + 1], s7[x + 2]);
            int m3 = min3(s8[x], s8[x + 1], s8[x + 2]);
            // Middles of rows 2..6 (ascending).
            int l0 = mid3(s2[x], s2[x + 1], s2[x + 2]);
            int l1 = mid3(s3[x], s3[x + 1], s3[x + 2]);
            int l2 = mid3(s4[x], s4[x + 1], s4[x + 2]);
            int l3 = mid3(s5[x], s5[x + 1], s5[x + 2]);
            int l4 = mid3(s6[x], s6[x + 1], s6[x + 2]);
            // Batcher's odd-even merge of (m0..m3) and (m4..m7).
            int t;
            t = Math.min(m0, m4); m4 = Math.max(m0, m4); m0 = t;
            t = Math.min(m2, m6); m6 = Math.max(m2, m6); m2 = t;
            t = Math.min(m1, m5); m5 = Math.max(m1, m5); m1 = t;
            t = Math.min(m3, m7); m7 = Math.max(m3, m7); m3 = t;
            t = Math.min(m2, m4); m4 = Math.max(m2, m4); m2 = t;
            t = Math.min(m3, m5); m5 = Math.max(m3, m5); m3 = t;
            t = Math.min(m1, m2); m2 = Math.max(m1, m2); m1 = t;
            t = Math.min(m3, m4); m4 = Math.max(m3, m4); m3 = t;
            t = Math.min(m5, m6); m6 = Math.max(m5, m6); m5 = t;
            // 7th smallest of the merged 8 (M) and the 5 middles (L): min over i = 2..7 of max(M[i-1], L[6-i]).
            int r = Math.min(Math.max(m1, l4), Math.max(m2, l3));
            r = Math.min(r, Math.max(m3, l2));
            r = Math.min(r, Math.max(m4, l1));
            r = Math.min(r, Math.max(m5, l0));
            out[x] = Math.min(r, m6);
        }
    }

    private static int min3(int a, int b, int c) {
        return Math.min(Math.min(a, b), c);
    }

    private static int max3(int a, int b, int c) {
        return Math.max(Math.max(a, b), c);
    }

    private static int mid3(int a, int b, int c) {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }
}
