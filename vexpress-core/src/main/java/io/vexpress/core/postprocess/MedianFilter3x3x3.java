package io.vexpress.core.postprocess;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The median of each 3x3x3 neighbourhood (time, height, width) of quantised frames, channel by channel,
 * exactly as V-Express's {@code median_filter_3d}: borders reflect without repeating the edge sample
 * (index -1 reads index 1, index n reads n-2, torch's {@code 'reflect'} padding), the caller passing the
 * reflected neighbour in time.
 *
 * <p>Bit-sliced radix selection, 32 pixels per {@code int}: the median's bits are found from the most
 * significant down. For each of the 27 inputs of a window it keeps whether the input still agrees with the
 * median's bits found so far ("tied"); at each bit, the tied inputs with a 0 there are counted with
 * carry-save adders, and if they are at least the rank still sought, the median's bit is 0 (the tied inputs
 * with a 1 drop out), else 1 (the rank drops by that count, the tied inputs with a 0 drop out). Branch-free
 * and exact for ties.
 *
 * <p>Vectorised by the JIT compiler: every step is a loop down a chunk of positions of the columns of words
 * ({@link QuantisedFrame#planes}; a position is one row of one column, 32 pixels), each position's state (27
 * tied masks, the counts, the rank, the median's planes) in one scratch array at fixed offsets from it.
 * HotSpot's C2 (Java 17) then runs 16 positions per AVX-512 instruction (8 with AVX2), provided that (a) all
 * of a loop's array indices are the loop index plus constants and at most one shared loop-invariant base
 * (else it cannot tell whether a store feeds a later load, and keeps the loop scalar), (b) they are all equal
 * modulo the vector length, (c) the loop body has at most about 240 nodes (else it is not unrolled, which
 * vectorising needs; 60 without int xors, hence ints rather than longs) and (d) the loops are long, as the
 * iterations before (to align) and after the vector loop run scalar. Hence the steps: the three rows of
 * inputs copied into the scratch array, and the work of one bit split into a loop per frame for counting and
 * one for the ties, joined by two that add the counts and pick the bit. Done word by word instead (the
 * implementation before), 27 tied masks and 27 inputs of a word do not fit in 16 registers and spill. The
 * columns are split into bands filtered in parallel ({@link RowBands#split}), so that a band's positions are
 * contiguous.
 */
final class MedianFilter3x3x3 {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Positions per chunk: long enough for the vector loops (d), short enough that a chunk's state (416 KB) stays in L2. */
    static final int CHUNK = 1024;
    /** Length of a region of the scratch array (a multiple of 16, for (b)). */
    private static final int SPAN = CHUNK;

    /*
     * Scratch layout of one band, in regions of SPAN ints, position i of the chunk at offset i of a region. First
     * the previous, current and next frame's regions, at frame * FRAME: 9 tied masks, of the input at row
     * y - 1 + dy, column x - 1 + dx at TIED + (3 * dy + dx) * SPAN; the inputs, at IN + (4 * dy + dx) * SPAN,
     * each row followed (dx = 3) by the next column's words, from which the inputs at x and x + 1 take their
     * top bits; the count of tied zeros (ZEROS, 4 bit planes: 0..9); the median's bit (ONE). Then the shared
     * RANK (the rank still sought minus one, 5 bit planes), SUM (the three counts added, 5 bit planes),
     * MEDIAN (the median's 8 bit planes) and PIXELS (its bytes, 4 per int). The three rows of inputs are
     * copies, one row apart, because of (b): row i + 1 cannot be read at offset i + 1.
     */
    private static final int TIED = 0;
    private static final int IN = 9 * SPAN;
    private static final int ZEROS = 21 * SPAN;
    private static final int ONE = 25 * SPAN;
    private static final int FRAME = 26 * SPAN;
    private static final int RANK = 3 * FRAME;
    private static final int SUM = RANK + 5 * SPAN;
    private static final int MEDIAN = SUM + 5 * SPAN;
    private static final int PIXELS = MEDIAN + 8 * SPAN;
    private static final int SCRATCH = PIXELS + 8 * SPAN;

    private final int width;
    private final int height;
    private final RowBands rows;
    /** The columns of words each band filters (a band's columns are contiguous in {@link QuantisedFrame#planes}). */
    private final int[] columns;
    private final Band[] bands;
    /**
     * The median per channel, {@code [3][H][W]}, interleaved into RGB afterwards: written down the columns of
     * words, 4 pixels per store, where storing every third byte of the interleaved rows straight away touched
     * each cache line of the frame six times from far apart and cost more than the median's last steps.
     */
    private final byte[] planar;

    /** A filter whose frames are split into {@code rows}' bands (by columns), filtered in parallel. */
    MedianFilter3x3x3(int width, int height, RowBands rows) {
        this.width = width;
        this.height = height;
        this.rows = rows;
        this.columns = rows.split((width + 31) / 32);
        this.planar = new byte[3 * width * height];
        this.bands = new Band[rows.count()];
        for (int i = 0; i < bands.length; i++) {
            bands[i] = new Band();
        }
    }

    /**
     * Filters frame {@code current} given its neighbours in time into interleaved RGB {@code out}. For the
     * first and last frame pass the reflected neighbour (frame 1, frame T-2), for a single frame the frame itself.
     */
    void filter(QuantisedFrame previous, QuantisedFrame current, QuantisedFrame next, byte[] out) {
        rows.run((band, from, to) -> bands[band].filter(previous, current, next, from, to), columns);
        rows.run((band, from, to) -> interleave(out, from, to));
        if (previous.hasNaN() || current.hasNaN() || next.hasNaN()) {
            propagateNaN(previous, out);
            propagateNaN(current, out);
            propagateNaN(next, out);
        }
    }

    /** Interleaves rows {@code [from, to)} of {@link #planar} into RGB {@code out}. */
    private void interleave(byte[] out, int from, int to) {
        int plane = width * height;
        for (int i = from * width, o = 3 * i; i < to * width; i++, o += 3) {
            out[o] = planar[i];
            out[o + 1] = planar[plane + i];
            out[o + 2] = planar[2 * plane + i];
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

    /**
     * One band's scratch state; filters columns of words {@code [from, to)} of every channel. Their rows, the
     * reflected rows between the columns included, are contiguous in the frames' planes: the loops run down
     * them in chunks of CHUNK, long enough that the scalar iterations C2 puts before (to align) and after the
     * vector loop cost little, and compute garbage for the reflected rows, which {@link #write} skips.
     */
    private final class Band {
        private final int[] work = new int[SCRATCH];

        void filter(QuantisedFrame p, QuantisedFrame c, QuantisedFrame n, int from, int to) {
            int rows = c.columnLength;
            // from row 0 of column from to row H - 1 of column to - 1 (the reflected row before has no input above)
            int end = to * rows - 1;
            for (int ch = 0; ch < 3; ch++) {
                for (int q = from * rows + 1; q < end; q += CHUNK) {
                    filter(p, c, n, ch, q, Math.min(CHUNK, end - q));
                }
            }
        }

        /** The median of positions {@code [q0, q0 + count)} of the columns of words of channel {@code ch}, into {@link #planar}. */
        private void filter(QuantisedFrame p, QuantisedFrame c, QuantisedFrame n, int ch, int q0, int count) {
            int[] s = work;
            for (int f = 0; f < 3; f++) {
                Arrays.fill(s, f * FRAME + TIED, f * FRAME + TIED + 9 * SPAN, -1); // all agree with the empty prefix
            }
            startRank(s, count);
            for (int b = 7; b >= 0; b--) {
                load(p, ch, b, q0, count, 0);
                load(c, ch, b, q0, count, FRAME);
                load(n, ch, b, q0, count, 2 * FRAME);
                countZeros(s, 0, count);
                countZeros(s, FRAME, count);
                countZeros(s, 2 * FRAME, count);
                addCounts(s, count);
                selectBit(s, count);
                System.arraycopy(s, ONE, s, MEDIAN + b * SPAN, count);
                if (b > 0) {
                    untie(s, 0, count);
                    untie(s, FRAME, count);
                    untie(s, 2 * FRAME, count);
                }
            }
            toPixels(s, count);
            write(ch, q0, count, c.columnLength);
        }

        /** Copies bit {@code b} of a frame's inputs for positions {@code [q0, q0 + count)} into the frame's regions at {@code at}. */
        private void load(QuantisedFrame frame, int ch, int b, int q0, int count, int at) {
            int from = frame.plane(ch, b, 0) + q0 - 1; // the row above
            for (int dy = 0; dy < 3; dy++) {
                int to = at + IN + 4 * dy * SPAN;
                System.arraycopy(frame.planes, from + dy, work, to, count);
                System.arraycopy(frame.planes, from + dy + frame.columnLength, work, to + 3 * SPAN, count);
                shift(work, to, count);
            }
        }

        /** Stores the median's bytes of positions {@code [q0, q0 + count)} into channel {@code ch} of {@link #planar}, skipping reflected rows. */
        private void write(int ch, int q0, int count, int rows) {
            int[] s = work;
            int w = q0 / rows;
            int r = q0 - w * rows; // index in the column of words: 0 and H + 1 are the reflected rows
            for (int i = 0; i < count; i++, r++) {
                if (r == rows) {
                    w++;
                    r = 0;
                }
                if (r == 0 || r > height) {
                    continue;
                }
                int x0 = w * 32;
                int o = ((ch * height + r - 1) * width) + x0;
                if (x0 + 32 <= width) { // a whole word, the common case
                    for (int k = 0; k < 8; k++) {
                        INTS.set(planar, o + 4 * k, s[PIXELS + k * SPAN + i]);
                    }
                } else {
                    for (int x = 0; x < width - x0; x++) {
                        planar[o + x] = (byte) (s[PIXELS + (x >>> 2) * SPAN + i] >>> (8 * (x & 3)));
                    }
                }
            }
        }
    }

    /** The rank sought (the 14th of 27) minus one, 13 = 0b01101, for every pixel. */
    private static void startRank(int[] s, int count) {
        for (int i = 0; i < count; i++) {
            s[RANK + i] = -1;
            s[RANK + SPAN + i] = 0;
            s[RANK + 2 * SPAN + i] = -1;
            s[RANK + 3 * SPAN + i] = -1;
            s[RANK + 4 * SPAN + i] = 0;
        }
    }

    /** The inputs at x and x + 1: the words at {@code at} (x - 1) shifted down, topped up from the next column's. */
    private static void shift(int[] s, int at, int count) {
        for (int i = 0; i < count; i++) {
            int w = s[at + i];
            int v = s[at + 3 * SPAN + i];
            s[at + SPAN + i] = (w >>> 1) | (v << 31);
            s[at + 2 * SPAN + i] = (w >>> 2) | (v << 30);
        }
    }

    /** How many of a frame's 9 inputs are tied and 0 at this bit: 4 full adders and 2 half adders into ZEROS (0..9). */
    private static void countZeros(int[] s, int frame, int count) {
        for (int i = 0; i < count; i++) {
            int a0 = s[frame + TIED + i] & ~s[frame + IN + i];
            int a1 = s[frame + TIED + SPAN + i] & ~s[frame + IN + SPAN + i];
            int a2 = s[frame + TIED + 2 * SPAN + i] & ~s[frame + IN + 2 * SPAN + i];
            int a3 = s[frame + TIED + 3 * SPAN + i] & ~s[frame + IN + 4 * SPAN + i];
            int a4 = s[frame + TIED + 4 * SPAN + i] & ~s[frame + IN + 5 * SPAN + i];
            int a5 = s[frame + TIED + 5 * SPAN + i] & ~s[frame + IN + 6 * SPAN + i];
            int a6 = s[frame + TIED + 6 * SPAN + i] & ~s[frame + IN + 8 * SPAN + i];
            int a7 = s[frame + TIED + 7 * SPAN + i] & ~s[frame + IN + 9 * SPAN + i];
            int a8 = s[frame + TIED + 8 * SPAN + i] & ~s[frame + IN + 10 * SPAN + i];
            // full adder: sum a ^ b ^ c, carry majority(a, b, c)
            int x = a0 ^ a1;
            int s0 = x ^ a2;
            int q0 = (a0 & a1) | (x & a2);
            x = a3 ^ a4;
            int s1 = x ^ a5;
            int q1 = (a3 & a4) | (x & a5);
            x = a6 ^ a7;
            int s2 = x ^ a8;
            int q2 = (a6 & a7) | (x & a8);
            x = s0 ^ s1;
            int ones = x ^ s2;
            int twos = (s0 & s1) | (x & s2);
            x = q0 ^ q1;
            int moreTwos = x ^ q2;
            int fours = (q0 & q1) | (x & q2);
            int moreFours = twos & moreTwos;
            s[frame + ZEROS + i] = ones;
            s[frame + ZEROS + SPAN + i] = twos ^ moreTwos;
            s[frame + ZEROS + 2 * SPAN + i] = fours ^ moreFours;
            s[frame + ZEROS + 3 * SPAN + i] = fours & moreFours;
        }
    }

    /** C, the three frames' counts of tied zeros added (each 0..9), into SUM (5 bit planes), column by column. */
    private static void addCounts(int[] s, int count) {
        for (int i = 0; i < count; i++) {
            int a0 = s[ZEROS + i];
            int a1 = s[ZEROS + SPAN + i];
            int a2 = s[ZEROS + 2 * SPAN + i];
            int a3 = s[ZEROS + 3 * SPAN + i];
            int b0 = s[FRAME + ZEROS + i];
            int b1 = s[FRAME + ZEROS + SPAN + i];
            int b2 = s[FRAME + ZEROS + 2 * SPAN + i];
            int b3 = s[FRAME + ZEROS + 3 * SPAN + i];
            int d0 = s[2 * FRAME + ZEROS + i];
            int d1 = s[2 * FRAME + ZEROS + SPAN + i];
            int d2 = s[2 * FRAME + ZEROS + 2 * SPAN + i];
            int d3 = s[2 * FRAME + ZEROS + 3 * SPAN + i];
            int x = a0 ^ b0;
            s[SUM + i] = x ^ d0;
            int r1 = (a0 & b0) | (x & d0); // carry into the 2s
            x = a1 ^ b1;
            int t1 = x ^ d1;
            int r2 = (a1 & b1) | (x & d1); // into the 4s
            s[SUM + SPAN + i] = t1 ^ r1;
            int r2b = t1 & r1;
            x = a2 ^ b2;
            int t2 = x ^ d2;
            int r3 = (a2 & b2) | (x & d2); // into the 8s
            x = t2 ^ r2;
            s[SUM + 2 * SPAN + i] = x ^ r2b;
            int r3b = (t2 & r2) | (x & r2b);
            x = a3 ^ b3;
            int t3 = x ^ d3;
            int r4 = (a3 & b3) | (x & d3); // into the 16s
            x = t3 ^ r3;
            s[SUM + 3 * SPAN + i] = x ^ r3b;
            int r4b = (t3 & r3) | (x & r3b);
            s[SUM + 4 * SPAN + i] = r4 | r4b; // C <= 27: never both
        }
    }

    /**
     * The median's bit from C and the rank K: with a borrow in K - C (C > K) the median lies among the zeros
     * (bit 0, rank kept), else bit 1 and the rank drops by C. The bit goes to every frame's ONE.
     */
    private static void selectBit(int[] s, int count) {
        for (int i = 0; i < count; i++) {
            int c0 = s[SUM + i];
            int c1 = s[SUM + SPAN + i];
            int c2 = s[SUM + 2 * SPAN + i];
            int c3 = s[SUM + 3 * SPAN + i];
            int c4 = s[SUM + 4 * SPAN + i];
            int k0 = s[RANK + i];
            int k1 = s[RANK + SPAN + i];
            int k2 = s[RANK + 2 * SPAN + i];
            int k3 = s[RANK + 3 * SPAN + i];
            int k4 = s[RANK + 4 * SPAN + i];
            int n0 = k0 ^ c0;
            int borrow = ~k0 & c0;
            int x = k1 ^ c1;
            int n1 = x ^ borrow;
            borrow = (~k1 & c1) | (~x & borrow);
            x = k2 ^ c2;
            int n2 = x ^ borrow;
            borrow = (~k2 & c2) | (~x & borrow);
            x = k3 ^ c3;
            int n3 = x ^ borrow;
            borrow = (~k3 & c3) | (~x & borrow);
            x = k4 ^ c4;
            int n4 = x ^ borrow;
            borrow = (~k4 & c4) | (~x & borrow);
            int one = ~borrow;
            s[ONE + i] = one;
            s[FRAME + ONE + i] = one;
            s[2 * FRAME + ONE + i] = one;
            s[RANK + i] = (n0 & one) | (k0 & borrow);
            s[RANK + SPAN + i] = (n1 & one) | (k1 & borrow);
            s[RANK + 2 * SPAN + i] = (n2 & one) | (k2 & borrow);
            s[RANK + 3 * SPAN + i] = (n3 & one) | (k3 & borrow);
            s[RANK + 4 * SPAN + i] = (n4 & one) | (k4 & borrow);
        }
    }

    /** A frame's inputs whose bit differs from the median's stop being tied. */
    private static void untie(int[] s, int frame, int count) {
        for (int i = 0; i < count; i++) {
            int one = s[frame + ONE + i];
            s[frame + TIED + i] &= ~(s[frame + IN + i] ^ one);
            s[frame + TIED + SPAN + i] &= ~(s[frame + IN + SPAN + i] ^ one);
            s[frame + TIED + 2 * SPAN + i] &= ~(s[frame + IN + 2 * SPAN + i] ^ one);
            s[frame + TIED + 3 * SPAN + i] &= ~(s[frame + IN + 4 * SPAN + i] ^ one);
            s[frame + TIED + 4 * SPAN + i] &= ~(s[frame + IN + 5 * SPAN + i] ^ one);
            s[frame + TIED + 5 * SPAN + i] &= ~(s[frame + IN + 6 * SPAN + i] ^ one);
            s[frame + TIED + 6 * SPAN + i] &= ~(s[frame + IN + 8 * SPAN + i] ^ one);
            s[frame + TIED + 7 * SPAN + i] &= ~(s[frame + IN + 9 * SPAN + i] ^ one);
            s[frame + TIED + 8 * SPAN + i] &= ~(s[frame + IN + 10 * SPAN + i] ^ one);
        }
    }

    /**
     * The median's 8 planes of 32 pixels as bytes: pixel 4k + j of row i in byte j of {@code s[PIXELS + k * SPAN + i]}.
     * Bit b of pixel 4k + j is bit 4k + j of plane b: indexed [b][k][j]; wanted [k][j][b].
     */
    private static void toPixels(int[] s, int count) {
        for (int i = 0; i < count; i++) {
            // [b][k][j] to [k][b][j]: an 8x8 transpose of nibbles across the 8 words, swapping 4x4, 2x2, 1x1 blocks
            int m0 = s[MEDIAN + i];
            int m1 = s[MEDIAN + SPAN + i];
            int m2 = s[MEDIAN + 2 * SPAN + i];
            int m3 = s[MEDIAN + 3 * SPAN + i];
            int m4 = s[MEDIAN + 4 * SPAN + i];
            int m5 = s[MEDIAN + 5 * SPAN + i];
            int m6 = s[MEDIAN + 6 * SPAN + i];
            int m7 = s[MEDIAN + 7 * SPAN + i];
            int t = ((m0 >>> 16) ^ m4) & 0x0000FFFF;
            m4 ^= t;
            m0 ^= t << 16;
            t = ((m1 >>> 16) ^ m5) & 0x0000FFFF;
            m5 ^= t;
            m1 ^= t << 16;
            t = ((m2 >>> 16) ^ m6) & 0x0000FFFF;
            m6 ^= t;
            m2 ^= t << 16;
            t = ((m3 >>> 16) ^ m7) & 0x0000FFFF;
            m7 ^= t;
            m3 ^= t << 16;
            t = ((m0 >>> 8) ^ m2) & 0x00FF00FF;
            m2 ^= t;
            m0 ^= t << 8;
            t = ((m1 >>> 8) ^ m3) & 0x00FF00FF;
            m3 ^= t;
            m1 ^= t << 8;
            t = ((m4 >>> 8) ^ m6) & 0x00FF00FF;
            m6 ^= t;
            m4 ^= t << 8;
            t = ((m5 >>> 8) ^ m7) & 0x00FF00FF;
            m7 ^= t;
            m5 ^= t << 8;
            t = ((m0 >>> 4) ^ m1) & 0x0F0F0F0F;
            s[PIXELS + SPAN + i] = m1 ^ t;
            s[PIXELS + i] = m0 ^ (t << 4);
            t = ((m2 >>> 4) ^ m3) & 0x0F0F0F0F;
            s[PIXELS + 3 * SPAN + i] = m3 ^ t;
            s[PIXELS + 2 * SPAN + i] = m2 ^ (t << 4);
            t = ((m4 >>> 4) ^ m5) & 0x0F0F0F0F;
            s[PIXELS + 5 * SPAN + i] = m5 ^ t;
            s[PIXELS + 4 * SPAN + i] = m4 ^ (t << 4);
            t = ((m6 >>> 4) ^ m7) & 0x0F0F0F0F;
            s[PIXELS + 7 * SPAN + i] = m7 ^ t;
            s[PIXELS + 6 * SPAN + i] = m6 ^ (t << 4);
        }
        // [k][b][j] to [k][j][b] inside each word, bit 4b + j to 8j + b, by swapping bits of the bit index (b2 b1 b0
        // j1 j0) pairwise: 4 with 1, 3 with 0, 2 with 1, 1 with 0. Rows past count are scratch, transposed too.
        for (int i = PIXELS; i < PIXELS + 8 * SPAN; i++) {
            int v = s[i];
            int t = (v ^ (v >>> 14)) & 0x0000CCCC;
            v ^= t ^ (t << 14);
            t = (v ^ (v >>> 7)) & 0x00AA00AA;
            v ^= t ^ (t << 7);
            t = (v ^ (v >>> 2)) & 0x0C0C0C0C;
            v ^= t ^ (t << 2);
            t = (v ^ (v >>> 1)) & 0x22222222;
            s[i] = v ^ t ^ (t << 1);
        }
    }
}
