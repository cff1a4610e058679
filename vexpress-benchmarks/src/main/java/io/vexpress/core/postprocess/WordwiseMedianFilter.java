package io.vexpress.core.postprocess;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * The post-filter's bit-sliced median as it was before it was vectorised (commit 20d04c5), kept only as a
 * baseline of {@code MedianFilterBenchmark}: word by word, 64 pixels per {@code long}, the 27 tied states in
 * locals; bit planes {@code [3][H][8][words]} built row by row with multiplies; row bands on {@link RowBands}.
 * Same output as {@link VideoPostFilter} (NaN handling left out); do not use it for anything else.
 */
public final class WordwiseMedianFilter implements AutoCloseable {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    private static final long GATHER = 0x0102040810204080L;
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
    private final int words;
    private final RowBands rows;
    private final Band[] bands;
    private final long[][] ring = new long[3][];
    private final byte[][] rowScratch;
    private final byte[] rgb;
    private final Consumer<byte[]> output;
    private long pushed;

    /** Filters with {@code threads} row bands; {@code output} gets each filtered frame's interleaved RGB bytes. */
    public WordwiseMedianFilter(int width, int height, int threads, Consumer<byte[]> output) {
        this.width = width;
        this.height = height;
        this.words = (width + 2 + 63) / 64 + 1;
        this.rows = new RowBands(height, threads);
        this.bands = new Band[rows.count()];
        this.rowScratch = new byte[rows.count()][words * 64];
        for (int i = 0; i < bands.length; i++) {
            bands[i] = new Band();
        }
        for (int i = 0; i < 3; i++) {
            ring[i] = new long[3 * height * 8 * words];
        }
        this.rgb = new byte[3 * width * height];
        this.output = output;
    }

    /** Quantises the next {@code [3, H, W]} frame and emits the one before it, filtered (the steady state). */
    public void push(float[] chw) {
        long[] planes = ring[(int) (pushed % 3)];
        rows.run((band, from, to) -> {
            byte[] row = rowScratch[band];
            for (int c = 0; c < 3; c++) {
                for (int y = from; y < to; y++) {
                    int r = c * height + y;
                    FrameQuantiser.quantise(chw, r * width, false, row, 1, width);
                    row[0] = row[width > 1 ? 2 : 1];
                    row[width + 1] = row[width > 1 ? width - 1 : 1];
                    transposeRow(planes, row, r * 8 * words);
                }
            }
        });
        long t = pushed++;
        if (t >= 1) {
            long[] previous = ring[(int) ((t >= 2 ? t - 2 : t) % 3)];
            long[] current = ring[(int) ((t - 1) % 3)];
            rows.run((band, from, to) -> bands[band].filter(previous, current, planes, rgb, from, to));
            output.accept(rgb);
        }
    }

    @Override
    public void close() {
        rows.close();
    }

    /** Writes the padded row's bytes as 8 bit planes at {@code base}. */
    private void transposeRow(long[] planes, byte[] row, int base) {
        for (int w = 0; w < words; w++) {
            long p0 = 0;
            long p1 = 0;
            long p2 = 0;
            long p3 = 0;
            long p4 = 0;
            long p5 = 0;
            long p6 = 0;
            long p7 = 0;
            for (int g = 0; g < 8; g++) {
                long v = (long) LONGS.get(row, w * 64 + g * 8); // pixels 64w + 8g .. +7, one per byte
                int shift = 8 * g;
                p0 |= ((v & LOW_BITS) * GATHER >>> 56) << shift;
                p1 |= (((v >>> 1) & LOW_BITS) * GATHER >>> 56) << shift;
                p2 |= (((v >>> 2) & LOW_BITS) * GATHER >>> 56) << shift;
                p3 |= (((v >>> 3) & LOW_BITS) * GATHER >>> 56) << shift;
                p4 |= (((v >>> 4) & LOW_BITS) * GATHER >>> 56) << shift;
                p5 |= (((v >>> 5) & LOW_BITS) * GATHER >>> 56) << shift;
                p6 |= (((v >>> 6) & LOW_BITS) * GATHER >>> 56) << shift;
                p7 |= (((v >>> 7) & LOW_BITS) * GATHER >>> 56) << shift;
            }
            planes[base + w] = p0;
            planes[base + words + w] = p1;
            planes[base + 2 * words + w] = p2;
            planes[base + 3 * words + w] = p3;
            planes[base + 4 * words + w] = p4;
            planes[base + 5 * words + w] = p5;
            planes[base + 6 * words + w] = p6;
            planes[base + 7 * words + w] = p7;
        }
    }

    private final class Band {
        private final long[] median = new long[8]; // the median's bit planes

        void filter(long[] p, long[] c, long[] n, byte[] out, int from, int to) {
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
                        select(p, c, n, r0 + w, r1 + w, r2 + w, words);
                        write(out, y, ch, w);
                    }
                }
            }
        }

        /**
         * The median's 8 bit planes for the 64 pixels of one word (row offsets {@code r0..r2} include it).
         * Unrolled over the 27 inputs so that their tied states ({@code e0..e26}) and current bits
         * ({@code u0..u26}, the 9 rows of 3 frames at columns x-1, x, x+1) live in locals.
         */
        private void select(long[] p, long[] c, long[] n, int r0, int r1, int r2, int words) {
            // tied states: every input agrees with the (still empty) median prefix
            long e0 = -1L, e1 = -1L, e2 = -1L, e3 = -1L, e4 = -1L, e5 = -1L, e6 = -1L, e7 = -1L, e8 = -1L;
            long e9 = -1L, e10 = -1L, e11 = -1L, e12 = -1L, e13 = -1L, e14 = -1L, e15 = -1L, e16 = -1L, e17 = -1L;
            long e18 = -1L, e19 = -1L, e20 = -1L, e21 = -1L, e22 = -1L, e23 = -1L, e24 = -1L, e25 = -1L, e26 = -1L;
            // K = rank sought - 1 (the 14th of 27 -> 13 = 0b01101), bit-sliced per pixel
            long k0 = -1L, k1 = 0, k2 = -1L, k3 = -1L, k4 = 0;
            for (int b = 7; b >= 0; b--) {
                int plane = b * words;
                // bit b of the inputs: rows y-1, y, y+1 of the previous, current and next frame, columns x-1, x, x+1
                long w0 = p[r0 + plane], v0 = p[r0 + plane + 1];
                long u0 = w0, u1 = (w0 >>> 1) | (v0 << 63), u2 = (w0 >>> 2) | (v0 << 62);
                long w1 = p[r1 + plane], v1 = p[r1 + plane + 1];
                long u3 = w1, u4 = (w1 >>> 1) | (v1 << 63), u5 = (w1 >>> 2) | (v1 << 62);
                long w2 = p[r2 + plane], v2 = p[r2 + plane + 1];
                long u6 = w2, u7 = (w2 >>> 1) | (v2 << 63), u8 = (w2 >>> 2) | (v2 << 62);
                long w3 = c[r0 + plane], v3 = c[r0 + plane + 1];
                long u9 = w3, u10 = (w3 >>> 1) | (v3 << 63), u11 = (w3 >>> 2) | (v3 << 62);
                long w4 = c[r1 + plane], v4 = c[r1 + plane + 1];
                long u12 = w4, u13 = (w4 >>> 1) | (v4 << 63), u14 = (w4 >>> 2) | (v4 << 62);
                long w5 = c[r2 + plane], v5 = c[r2 + plane + 1];
                long u15 = w5, u16 = (w5 >>> 1) | (v5 << 63), u17 = (w5 >>> 2) | (v5 << 62);
                long w6 = n[r0 + plane], v6 = n[r0 + plane + 1];
                long u18 = w6, u19 = (w6 >>> 1) | (v6 << 63), u20 = (w6 >>> 2) | (v6 << 62);
                long w7 = n[r1 + plane], v7 = n[r1 + plane + 1];
                long u21 = w7, u22 = (w7 >>> 1) | (v7 << 63), u23 = (w7 >>> 2) | (v7 << 62);
                long w8 = n[r2 + plane], v8 = n[r2 + plane + 1];
                long u24 = w8, u25 = (w8 >>> 1) | (v8 << 63), u26 = (w8 >>> 2) | (v8 << 62);
                // C = how many tied inputs have a 0 here: 27 one-bit inputs summed by 22 full adders (sum = a ^ b ^ c,
                // carry = majority) and one half adder into c0 (1) .. c4 (16)
                long x, a, bb, cc;
                a = e0 & ~u0; bb = e1 & ~u1; cc = e2 & ~u2;
                x = a ^ bb; long s0 = x ^ cc; long q0 = (a & bb) | (x & cc);
                a = e3 & ~u3; bb = e4 & ~u4; cc = e5 & ~u5;
                x = a ^ bb; long s1 = x ^ cc; long q1 = (a & bb) | (x & cc);
                a = e6 & ~u6; bb = e7 & ~u7; cc = e8 & ~u8;
                x = a ^ bb; long s2 = x ^ cc; long q2 = (a & bb) | (x & cc);
                a = e9 & ~u9; bb = e10 & ~u10; cc = e11 & ~u11;
                x = a ^ bb; long s3 = x ^ cc; long q3 = (a & bb) | (x & cc);
                a = e12 & ~u12; bb = e13 & ~u13; cc = e14 & ~u14;
                x = a ^ bb; long s4 = x ^ cc; long q4 = (a & bb) | (x & cc);
                a = e15 & ~u15; bb = e16 & ~u16; cc = e17 & ~u17;
                x = a ^ bb; long s5 = x ^ cc; long q5 = (a & bb) | (x & cc);
                a = e18 & ~u18; bb = e19 & ~u19; cc = e20 & ~u20;
                x = a ^ bb; long s6 = x ^ cc; long q6 = (a & bb) | (x & cc);
                a = e21 & ~u21; bb = e22 & ~u22; cc = e23 & ~u23;
                x = a ^ bb; long s7 = x ^ cc; long q7 = (a & bb) | (x & cc);
                a = e24 & ~u24; bb = e25 & ~u25; cc = e26 & ~u26;
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
                // weight 4: y0..y5 -> c2, carries f0..f2; weight 8: f0..f2 -> c3, c4
                x = y0 ^ y1; long z0 = x ^ y2; long f0 = (y0 & y1) | (x & y2);
                x = y3 ^ y4; long z1 = x ^ y5; long f1 = (y3 & y4) | (x & y5);
                long c2 = z0 ^ z1;
                long f2 = z0 & z1;
                x = f0 ^ f1; long c3 = x ^ f2; long c4 = (f0 & f1) | (x & f2);
                // K - C with its borrow: a borrow means C > K, i.e. the median lies among the zeros (bit 0)
                long n0 = k0 ^ c0;
                long borrow = ~k0 & c0;
                x = k1 ^ c1; long n1 = x ^ borrow; borrow = (~k1 & c1) | (~x & borrow);
                x = k2 ^ c2; long n2 = x ^ borrow; borrow = (~k2 & c2) | (~x & borrow);
                x = k3 ^ c3; long n3 = x ^ borrow; borrow = (~k3 & c3) | (~x & borrow);
                x = k4 ^ c4; long n4 = x ^ borrow; borrow = (~k4 & c4) | (~x & borrow);
                long one = ~borrow; // the median's bit b; where 1, the rank sought drops by C
                median[b] = one;
                k0 = (n0 & one) | (k0 & borrow);
                k1 = (n1 & one) | (k1 & borrow);
                k2 = (n2 & one) | (k2 & borrow);
                k3 = (n3 & one) | (k3 & borrow);
                k4 = (n4 & one) | (k4 & borrow);
                // inputs whose bit differs from the median's stop being tied
                e0 &= ~(u0 ^ one); e1 &= ~(u1 ^ one); e2 &= ~(u2 ^ one);
                e3 &= ~(u3 ^ one); e4 &= ~(u4 ^ one); e5 &= ~(u5 ^ one);
                e6 &= ~(u6 ^ one); e7 &= ~(u7 ^ one); e8 &= ~(u8 ^ one);
                e9 &= ~(u9 ^ one); e10 &= ~(u10 ^ one); e11 &= ~(u11 ^ one);
                e12 &= ~(u12 ^ one); e13 &= ~(u13 ^ one); e14 &= ~(u14 ^ one);
                e15 &= ~(u15 ^ one); e16 &= ~(u16 ^ one); e17 &= ~(u17 ^ one);
                e18 &= ~(u18 ^ one); e19 &= ~(u19 ^ one); e20 &= ~(u20 ^ one);
                e21 &= ~(u21 ^ one); e22 &= ~(u22 ^ one); e23 &= ~(u23 ^ one);
                e24 &= ~(u24 ^ one); e25 &= ~(u25 ^ one); e26 &= ~(u26 ^ one);
            }
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
