package io.vexpress.core.postprocess;

import java.util.Arrays;

/**
 * The median of each 3x3x3 neighbourhood (time, height, width) of 8-bit planar frames, channel by channel,
 * with scipy.ndimage's default {@code mode='reflect'} border: for a window of 3 that repeats the edge sample
 * (index -1 reads 0, index n reads n-1), in time as in space.
 *
 * <p>Exact for uint8 and allocation-free per frame: a 256-bin histogram slides along each row (Huang's
 * algorithm), adding and removing one column of 9 values per step, and the median (the 14th of 27 values)
 * is tracked with a running count of the values below it, which moves little between neighbours.
 */
final class MedianFilter3x3x3 {
    private static final int RANK = 13; // 0-based rank of the median of 27

    private final int width;
    private final int height;
    private final int[] histogram = new int[256];

    MedianFilter3x3x3(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /**
     * Filters frame {@code current} given its neighbours in time (pass {@code current} itself for a missing
     * neighbour: that is the reflect border) into interleaved RGB {@code out}.
     */
    void filter(byte[] previous, byte[] current, byte[] next, byte[] out) {
        int w = width;
        int plane = w * height;
        int[] hist = histogram;
        for (int ch = 0; ch < 3; ch++) {
            int base = ch * plane;
            for (int y = 0; y < height; y++) {
                int r0 = base + Math.max(y - 1, 0) * w;
                int r1 = base + y * w;
                int r2 = base + Math.min(y + 1, height - 1) * w;
                Arrays.fill(hist, 0);
                // Window at x = 0: columns -1 (reflected to 0), 0 and 1.
                int c1 = Math.min(1, w - 1);
                addColumn(hist, previous, current, next, r0, r1, r2, 0);
                addColumn(hist, previous, current, next, r0, r1, r2, 0);
                addColumn(hist, previous, current, next, r0, r1, r2, c1);
                int median = 0;
                int below = 0;
                while (below + hist[median] <= RANK) {
                    below += hist[median];
                    median++;
                }
                int o = y * w * 3 + ch;
                for (int x = 0; x < w; x++, o += 3) {
                    out[o] = (byte) median;
                    if (x + 1 == w) {
                        break;
                    }
                    int leaving = Math.max(x - 1, 0);
                    int entering = Math.min(x + 2, w - 1);
                    if (leaving == entering) {
                        continue;
                    }
                    below -= removeColumn(hist, previous, current, next, r0 + leaving, r1 + leaving, r2 + leaving, median);
                    below += addColumnBelow(hist, previous, current, next, r0 + entering, r1 + entering, r2 + entering, median);
                    while (below > RANK) {
                        median--;
                        below -= hist[median];
                    }
                    while (below + hist[median] <= RANK) {
                        below += hist[median];
                        median++;
                    }
                }
            }
        }
    }

    private static void addColumn(int[] hist, byte[] p, byte[] c, byte[] n, int r0, int r1, int r2, int x) {
        hist[p[r0 + x] & 0xFF]++;
        hist[p[r1 + x] & 0xFF]++;
        hist[p[r2 + x] & 0xFF]++;
        hist[c[r0 + x] & 0xFF]++;
        hist[c[r1 + x] & 0xFF]++;
        hist[c[r2 + x] & 0xFF]++;
        hist[n[r0 + x] & 0xFF]++;
        hist[n[r1 + x] & 0xFF]++;
        hist[n[r2 + x] & 0xFF]++;
    }

    /** Adds the 9 values at {@code i0, i1, i2} of the three frames; returns how many are below {@code median}. */
    private static int addColumnBelow(int[] hist, byte[] p, byte[] c, byte[] n, int i0, int i1, int i2, int median) {
        return add(hist, p[i0], median) + add(hist, p[i1], median) + add(hist, p[i2], median)
                + add(hist, c[i0], median) + add(hist, c[i1], median) + add(hist, c[i2], median)
                + add(hist, n[i0], median) + add(hist, n[i1], median) + add(hist, n[i2], median);
    }

    /** Removes the 9 values; returns how many were below {@code median}. */
    private static int removeColumn(int[] hist, byte[] p, byte[] c, byte[] n, int i0, int i1, int i2, int median) {
        return remove(hist, p[i0], median) + remove(hist, p[i1], median) + remove(hist, p[i2], median)
                + remove(hist, c[i0], median) + remove(hist, c[i1], median) + remove(hist, c[i2], median)
                + remove(hist, n[i0], median) + remove(hist, n[i1], median) + remove(hist, n[i2], median);
    }

    private static int add(int[] hist, byte b, int median) {
        int v = b & 0xFF;
        hist[v]++;
        return (v - median) >>> 31; // 1 when v < median, without a branch
    }

    private static int remove(int[] hist, byte b, int median) {
        int v = b & 0xFF;
        hist[v]--;
        return (v - median) >>> 31;
    }
}
