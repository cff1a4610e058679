package io.vexpress.core.postprocess;

import io.vexpress.GenerationCancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The median of each 3x3x3 neighbourhood (time, height, width) of quantised frames, channel by channel,
 * exactly as V-Express's {@code median_filter_3d}: borders reflect without repeating the edge sample
 * (index -1 reads index 1, index n reads n-2, torch's {@code 'reflect'} padding), the caller passing the
 * reflected neighbour in time.
 *
 * <p>Bit-sliced radix selection, 64 pixels per {@code long}: the median's bits are found from the most
 * significant down. For each of the 27 inputs of a window it keeps whether the input still agrees with the
 * median's bits found so far ("tied"); at each bit, the tied inputs with a 0 there are counted with a
 * carry-save adder tree, and if they are at least the rank still sought, the median's bit is 0 (the tied
 * inputs with a 1 drop out), else 1 (the rank drops by that count, the tied inputs with a 0 drop out). That is
 * about 45 word operations per pixel for all 8 bits, branch-free and exact for ties, where a comparison
 * network needs about 150 per pixel. Rows are split into bands filtered in parallel when {@code rowThreads > 1}.
 */
final class MedianFilter3x3x3 implements AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();
    private static final long[] SPREAD = new long[256]; // bit j of the index -> bit 0 of byte j

    static {
        for (int v = 0; v < 256; v++) {
            long s = 0;
            for (int j = 0; j < 8; j++) {
                s |= (long) ((v >>> j) & 1) << (8 * j);
            }
            SPREAD[v] = s;
        }
    }

    private final int width;
    private final int height;
    private final Band[] bands;
    private final ExecutorService helpers;

    /**
     * @param rowThreads how many threads filter one frame (the caller's and {@code rowThreads - 1} helpers,
     *                   stopped by {@link #close()})
     */
    MedianFilter3x3x3(int width, int height, int rowThreads) {
        this.width = width;
        this.height = height;
        int n = Math.max(1, Math.min(rowThreads, height));
        this.bands = new Band[n];
        for (int i = 0; i < n; i++) {
            bands[i] = new Band(height * i / n, height * (i + 1) / n);
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        this.helpers = n == 1 ? null : Executors.newFixedThreadPool(n - 1, task -> {
            Thread t = new Thread(task, "vexpress-median-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Filters frame {@code current} given its neighbours in time into interleaved RGB {@code out}. For the
     * first and last frame pass the reflected neighbour (frame 1, frame T-2), for a single frame the frame itself.
     */
    void filter(QuantisedFrame previous, QuantisedFrame current, QuantisedFrame next, byte[] out) {
        if (helpers == null) {
            bands[0].filter(previous, current, next, out);
        } else {
            List<Future<?>> running = new ArrayList<>(bands.length - 1);
            try {
                for (int i = 1; i < bands.length; i++) {
                    Band band = bands[i];
                    running.add(helpers.submit(() -> band.filter(previous, current, next, out)));
                }
                bands[0].filter(previous, current, next, out);
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationCancelledException("Generation interrupted.");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } finally {
                for (Future<?> f : running) {
                    f.cancel(false);
                }
            }
        }
        if (previous.hasNaN() || current.hasNaN() || next.hasNaN()) {
            propagateNaN(previous, out);
            propagateNaN(current, out);
            propagateNaN(next, out);
        }
    }

    /**
     * torch.median returns NaN for a window holding a NaN, which numpy's uint8 cast turns into 0: every output
     * within one pixel of a NaN (reflection never reaches further) becomes 0.
     */
    private void propagateNaN(QuantisedFrame frame, byte[] out) {
        if (!frame.hasNaN()) {
            return;
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    if (frame.isNaN(c, y, x)) {
                        for (int yy = Math.max(y - 1, 0); yy <= Math.min(y + 1, height - 1); yy++) {
                            for (int xx = Math.max(x - 1, 0); xx <= Math.min(x + 1, width - 1); xx++) {
                                out[(yy * width + xx) * 3 + c] = 0;
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
            boolean interrupted = false;
            while (true) {
                try {
                    if (helpers.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Rows {@code [from, to)} of every channel, with their own scratch state. */
    private final class Band {
        private final int from;
        private final int to;
        private final long[] bits = new long[27];  // the 27 inputs' current bit, 64 pixels each
        private final long[] tied = new long[27];  // whether each input still agrees with the median's bits so far
        private final long[] median = new long[8]; // the median's bit planes

        Band(int from, int to) {
            this.from = from;
            this.to = to;
        }

        void filter(QuantisedFrame p, QuantisedFrame c, QuantisedFrame n, byte[] out) {
            int words = c.words;
            int rowStride = 8 * words;
            int used = (width + 63) / 64;
            for (int ch = 0; ch < 3; ch++) {
                for (int y = from; y < to; y++) {
                    int above = y > 0 ? y - 1 : Math.min(1, height - 1);
                    int below = y < height - 1 ? y + 1 : Math.max(height - 2, 0);
                    int r0 = (ch * height + above) * rowStride;
                    int r1 = (ch * height + y) * rowStride;
                    int r2 = (ch * height + below) * rowStride;
                    for (int w = 0; w < used; w++) {
                        select(p.planes, c.planes, n.planes, r0 + w, r1 + w, r2 + w, words);
                        write(out, y, ch, w);
                    }
                }
            }
        }

        /** The median's 8 bit planes for the 64 pixels of word {@code w} (row offsets {@code r0..r2} include w). */
        private void select(long[] p, long[] c, long[] n, int r0, int r1, int r2, int words) {
            long[] e = tied;
            long[] u = bits;
            for (int i = 0; i < 27; i++) {
                e[i] = -1L;
            }
            // K = rank sought - 1 (the 14th of 27 -> 13 = 0b01101), bit-sliced per pixel
            long k0 = -1L;
            long k1 = 0;
            long k2 = -1L;
            long k3 = -1L;
            long k4 = 0;
            for (int b = 7; b >= 0; b--) {
                int plane = b * words;
                neighbours(p, r0 + plane, 0);
                neighbours(p, r1 + plane, 3);
                neighbours(p, r2 + plane, 6);
                neighbours(c, r0 + plane, 9);
                neighbours(c, r1 + plane, 12);
                neighbours(c, r2 + plane, 15);
                neighbours(n, r0 + plane, 18);
                neighbours(n, r1 + plane, 21);
                neighbours(n, r2 + plane, 24);
                // C = how many tied inputs have a 0 here: 27 one-bit inputs summed by full adders
                // (sum = a ^ b ^ c, carry = majority), 22 of them, into bits c0 (1) .. c4 (16).
                long x;
                long a;
                long bb;
                long cc;
                a = e[0] & ~u[0]; bb = e[1] & ~u[1]; cc = e[2] & ~u[2];
                x = a ^ bb; long s0 = x ^ cc; long q0 = (a & bb) | (x & cc);
                a = e[3] & ~u[3]; bb = e[4] & ~u[4]; cc = e[5] & ~u[5];
                x = a ^ bb; long s1 = x ^ cc; long q1 = (a & bb) | (x & cc);
                a = e[6] & ~u[6]; bb = e[7] & ~u[7]; cc = e[8] & ~u[8];
                x = a ^ bb; long s2 = x ^ cc; long q2 = (a & bb) | (x & cc);
                a = e[9] & ~u[9]; bb = e[10] & ~u[10]; cc = e[11] & ~u[11];
                x = a ^ bb; long s3 = x ^ cc; long q3 = (a & bb) | (x & cc);
                a = e[12] & ~u[12]; bb = e[13] & ~u[13]; cc = e[14] & ~u[14];
                x = a ^ bb; long s4 = x ^ cc; long q4 = (a & bb) | (x & cc);
                a = e[15] & ~u[15]; bb = e[16] & ~u[16]; cc = e[17] & ~u[17];
                x = a ^ bb; long s5 = x ^ cc; long q5 = (a & bb) | (x & cc);
                a = e[18] & ~u[18]; bb = e[19] & ~u[19]; cc = e[20] & ~u[20];
                x = a ^ bb; long s6 = x ^ cc; long q6 = (a & bb) | (x & cc);
                a = e[21] & ~u[21]; bb = e[22] & ~u[22]; cc = e[23] & ~u[23];
                x = a ^ bb; long s7 = x ^ cc; long q7 = (a & bb) | (x & cc);
                a = e[24] & ~u[24]; bb = e[25] & ~u[25]; cc = e[26] & ~u[26];
                x = a ^ bb; long s8 = x ^ cc; long q8 = (a & bb) | (x & cc);
                // weight 1: s0..s8 -> c0, carries d0..d3
                x = s0 ^ s1; long t0 = x ^ s2; long d0 = (s0 & s1) | (x & s2);
                x = s3 ^ s4; long t1 = x ^ s5; long d1 = (s3 & s4) | (x & s5);
                x = s6 ^ s7; long t2 = x ^ s8; long d2 = (s6 & s7) | (x & s8);
                x = t0 ^ t1; long c0 = x ^ t2; long d3 = (t0 & t1) | (x & t2);
                // weight 2: q0..q8, d0..d3 -> c1, carries y0..y5
                x = q0 ^ q1; long x0 = x ^ q2; long y0 = (q0 & q1) | (x & q2);
                x = q3 ^ q4; long x1 = x ^ q5; long y1 = (q3 & q4) | (x & q5);
                x = q6 ^ q7; long x2 = x ^ q8; long y2 = (q6 & q7) | (x & q8);
                x = d0 ^ d1; long x3 = x ^ d2; long y3 = (d0 & d1) | (x & d2);
                x = x0 ^ x1; long x4 = x ^ x2; long y4 = (x0 & x1) | (x & x2);
                x = x4 ^ x3; long c1 = x ^ d3; long y5 = (x4 & x3) | (x & d3);
                // weight 4: y0..y5 -> c2, carries v0..v2; weight 8: v0..v2 -> c3, c4
                x = y0 ^ y1; long z0 = x ^ y2; long v0 = (y0 & y1) | (x & y2);
                x = y3 ^ y4; long z1 = x ^ y5; long v1 = (y3 & y4) | (x & y5);
                long c2 = z0 ^ z1;
                long v2 = z0 & z1;
                x = v0 ^ v1; long c3 = x ^ v2; long c4 = (v0 & v1) | (x & v2);
                // K - C with its borrow: a borrow means C > K, i.e. the median lies among the zeros (bit 0)
                long n0 = k0 ^ c0;
                long borrow = ~k0 & c0;
                x = k1 ^ c1; long n1 = x ^ borrow; borrow = (~k1 & c1) | (~x & borrow);
                x = k2 ^ c2; long n2 = x ^ borrow; borrow = (~k2 & c2) | (~x & borrow);
                x = k3 ^ c3; long n3 = x ^ borrow; borrow = (~k3 & c3) | (~x & borrow);
                x = k4 ^ c4; long n4 = x ^ borrow; borrow = (~k4 & c4) | (~x & borrow);
                long one = ~borrow; // the median's bit b; where 1, the rank sought drops by C
                median[b] = one;
                if (b > 0) {
                    k0 = (n0 & one) | (k0 & borrow);
                    k1 = (n1 & one) | (k1 & borrow);
                    k2 = (n2 & one) | (k2 & borrow);
                    k3 = (n3 & one) | (k3 & borrow);
                    k4 = (n4 & one) | (k4 & borrow);
                    for (int i = 0; i < 27; i++) {
                        e[i] &= ~(u[i] ^ one);
                    }
                }
            }
        }

        /** Inputs {@code i, i+1, i+2}: one bit plane word of a padded row at columns x-1, x, x+1. */
        private void neighbours(long[] planes, int o, int i) {
            long w0 = planes[o];
            long w1 = planes[o + 1];
            bits[i] = w0;
            bits[i + 1] = (w0 >>> 1) | (w1 << 63);
            bits[i + 2] = (w0 >>> 2) | (w1 << 62);
        }

        /** Scatters the median of word {@code w}'s pixels into channel {@code ch} of row {@code y}. */
        private void write(byte[] out, int y, int ch, int w) {
            long m0 = median[0];
            long m1 = median[1];
            long m2 = median[2];
            long m3 = median[3];
            long m4 = median[4];
            long m5 = median[5];
            long m6 = median[6];
            long m7 = median[7];
            int x0 = w * 64;
            int count = Math.min(64, width - x0);
            int o = (y * width + x0) * 3 + ch;
            for (int g = 0; g * 8 < count; g++) {
                int s = 8 * g;
                long v = SPREAD[(int) (m0 >>> s) & 0xFF] | SPREAD[(int) (m1 >>> s) & 0xFF] << 1
                        | SPREAD[(int) (m2 >>> s) & 0xFF] << 2 | SPREAD[(int) (m3 >>> s) & 0xFF] << 3
                        | SPREAD[(int) (m4 >>> s) & 0xFF] << 4 | SPREAD[(int) (m5 >>> s) & 0xFF] << 5
                        | SPREAD[(int) (m6 >>> s) & 0xFF] << 6 | SPREAD[(int) (m7 >>> s) & 0xFF] << 7;
                int end = Math.min(8, count - s);
                for (int j = 0; j < end; j++, o += 3) {
                    out[o] = (byte) (v >>> (8 * j));
                }
            }
        }
    }
}
