package io.vexpress.core.postprocess;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One frame after truncating quantisation, in the layout its consumer needs: for the median filter, bit
 * planes laid out so that the filter's word operations run down columns of words (see {@link #planes}),
 * padded with the rows and columns torch's {@code 'reflect'} padding adds (index -1 reads 1, index n reads
 * n-2); without the filter, interleaved RGB bytes ready to emit. Reused from frame to frame; written by one
 * thread (or bands of rows by several, then {@link #reflectRows} by one), then only read.
 */
final class QuantisedFrame {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    final int width;
    final int height;
    /**
     * Words of 32 padded pixels (-1..W) per row and bit plane: those the filter writes, the one it reads after
     * them, and up to two more to make whole 64-pixel groups.
     */
    final int columns;
    /** Ints per column of words: the H rows plus the reflected row above and below. */
    final int columnLength;
    /**
     * {@code [3][8][columns][H + 2]}: bit b of padded pixel i (pixel i - 1) of row y is bit i % 32 of word
     * {@code plane(c, b, i / 32) + y + 1}. A column of words down the rows is contiguous, so the filter's loops
     * over rows are plain array loops the JIT compiler vectorises; the row above and below are at -1 and +1,
     * the next 32 pixels at {@code +columnLength}. 32-bit words because C2 (Java 17) unrolls, and so
     * vectorises, loops of up to about 240 nodes when they hold int xors, but only 60 otherwise.
     */
    final int[] planes;
    /** Interleaved RGB bytes, when the frame is not median-filtered. */
    final byte[] rgb;
    /** NaN positions ({@code [3][H][W]} bits), or null before the first NaN; valid where {@link #hasNaN}. */
    private long[] nan;
    private boolean hasNaN;

    QuantisedFrame(int width, int height, boolean median) {
        this.width = width;
        this.height = height;
        this.columns = 2 * ((width + 63) / 64 + 1);
        this.columnLength = height + 2;
        this.planes = median ? new int[3 * 8 * columns * columnLength] : null;
        this.rgb = median ? null : new byte[3 * width * height];
    }

    /** Index of the reflected row above row 0 in column of words {@code column} of bit {@code bit}, channel {@code channel}. */
    int plane(int channel, int bit, int column) {
        return ((channel * 8 + bit) * columns + column) * columnLength;
    }

    boolean hasNaN() {
        return hasNaN;
    }

    boolean isNaN(int channel, int y, int x) {
        int i = (channel * height + y) * width + x;
        return hasNaN && (nan[i >>> 6] & (1L << i)) != 0;
    }

    /** Forgets the NaNs of the frame loaded before. */
    void clearNaN() {
        if (hasNaN) {
            Arrays.fill(nan, 0L);
            hasNaN = false;
        }
    }

    /**
     * Quantises row {@code r} of the {@code [3 * H]} rows from {@code values} at {@code from} (raw VAE outputs if
     * {@code vaeOutput}), using {@code row} (of {@link #rowScratch()}) as scratch; says whether it held a NaN,
     * which the caller then records with {@link #markNaN} (on one thread). Rows may load in parallel.
     */
    boolean loadRow(int r, float[] values, int from, boolean vaeOutput, byte[] row) {
        int w = width;
        boolean nanSeen = FrameQuantiser.quantise(values, from, vaeOutput, row, 1, w);
        if (planes == null) {
            int c = r / height;
            int y = r - c * height;
            for (int x = 0, o = y * w * 3 + c; x < w; x++, o += 3) {
                rgb[o] = row[1 + x];
            }
        } else {
            row[0] = row[w > 1 ? 2 : 1];
            row[w + 1] = row[w > 1 ? w - 1 : 1];
            int c = r / height;
            toPlanes(row, plane(c, 0, 0) + r - c * height + 1);
        }
        return nanSeen;
    }

    /** A scratch row for {@link #loadRow}: the padded row's bytes, whole words of them. */
    byte[] rowScratch() {
        return new byte[columns * 32];
    }

    /** Records the NaNs of row {@code r}, whose values start at {@code from}. */
    void markNaN(int r, float[] values, int from) {
        if (nan == null) {
            nan = new long[(3 * width * height + 63) / 64];
        }
        hasNaN = true;
        for (int x = 0; x < width; x++) {
            float v = values[from + x];
            if (v != v) {
                int i = r * width + x;
                nan[i >>> 6] |= 1L << i;
            }
        }
    }

    /**
     * Writes the padded row's bytes as bit planes at row offset {@code at} of its channel's columns of words,
     * 64 pixels at a time ({@link BitMatrix}). Padding bytes past pixel W are whatever the scratch row held:
     * they only reach outputs past the row's end, which the filter never writes.
     */
    private void toPlanes(byte[] row, int at) {
        int planeStride = columns * columnLength;
        for (int w = 0; w < columns / 2; w++) {
            int o = w * 64;
            long x0 = BitMatrix.transposeBits((long) LONGS.get(row, o));
            long x1 = BitMatrix.transposeBits((long) LONGS.get(row, o + 8));
            long x2 = BitMatrix.transposeBits((long) LONGS.get(row, o + 16));
            long x3 = BitMatrix.transposeBits((long) LONGS.get(row, o + 24));
            long x4 = BitMatrix.transposeBits((long) LONGS.get(row, o + 32));
            long x5 = BitMatrix.transposeBits((long) LONGS.get(row, o + 40));
            long x6 = BitMatrix.transposeBits((long) LONGS.get(row, o + 48));
            long x7 = BitMatrix.transposeBits((long) LONGS.get(row, o + 56));
            // byte b of xg now holds bit b of pixels 8g..8g+7; gather byte b of every xg into plane b
            long a0 = BitMatrix.upper(x0, x4, BitMatrix.LOW_32, 32);
            long a4 = BitMatrix.lower(x0, x4, BitMatrix.LOW_32, 32);
            long a1 = BitMatrix.upper(x1, x5, BitMatrix.LOW_32, 32);
            long a5 = BitMatrix.lower(x1, x5, BitMatrix.LOW_32, 32);
            long a2 = BitMatrix.upper(x2, x6, BitMatrix.LOW_32, 32);
            long a6 = BitMatrix.lower(x2, x6, BitMatrix.LOW_32, 32);
            long a3 = BitMatrix.upper(x3, x7, BitMatrix.LOW_32, 32);
            long a7 = BitMatrix.lower(x3, x7, BitMatrix.LOW_32, 32);
            long b0 = BitMatrix.upper(a0, a2, BitMatrix.LOW_16, 16);
            long b2 = BitMatrix.lower(a0, a2, BitMatrix.LOW_16, 16);
            long b1 = BitMatrix.upper(a1, a3, BitMatrix.LOW_16, 16);
            long b3 = BitMatrix.lower(a1, a3, BitMatrix.LOW_16, 16);
            long b4 = BitMatrix.upper(a4, a6, BitMatrix.LOW_16, 16);
            long b6 = BitMatrix.lower(a4, a6, BitMatrix.LOW_16, 16);
            long b5 = BitMatrix.upper(a5, a7, BitMatrix.LOW_16, 16);
            long b7 = BitMatrix.lower(a5, a7, BitMatrix.LOW_16, 16);
            int p = at + 2 * w * columnLength;
            store(p, BitMatrix.upper(b0, b1, BitMatrix.LOW_8, 8));
            store(p + planeStride, BitMatrix.lower(b0, b1, BitMatrix.LOW_8, 8));
            store(p + 2 * planeStride, BitMatrix.upper(b2, b3, BitMatrix.LOW_8, 8));
            store(p + 3 * planeStride, BitMatrix.lower(b2, b3, BitMatrix.LOW_8, 8));
            store(p + 4 * planeStride, BitMatrix.upper(b4, b5, BitMatrix.LOW_8, 8));
            store(p + 5 * planeStride, BitMatrix.lower(b4, b5, BitMatrix.LOW_8, 8));
            store(p + 6 * planeStride, BitMatrix.upper(b6, b7, BitMatrix.LOW_8, 8));
            store(p + 7 * planeStride, BitMatrix.lower(b6, b7, BitMatrix.LOW_8, 8));
        }
    }

    /** 64 pixels' bits of one plane as two words of 32, in two columns. */
    private void store(int at, long bits) {
        planes[at] = (int) bits;
        planes[at + columnLength] = (int) (bits >>> 32);
    }

    /** Fills the padding rows from the loaded ones: row -1 reads row 1, row H reads row H-2 (a single row reads itself). */
    void reflectRows() {
        if (planes == null) {
            return;
        }
        int above = height > 1 ? 2 : 1;
        int below = height > 1 ? height - 1 : 1;
        for (int at = 0; at < planes.length; at += columnLength) {
            planes[at] = planes[at + above];
            planes[at + height + 1] = planes[at + below];
        }
    }
}
