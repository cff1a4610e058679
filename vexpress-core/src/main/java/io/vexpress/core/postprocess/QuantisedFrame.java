package io.vexpress.core.postprocess;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One frame after truncating quantisation, in the layout its consumer needs: for the median filter, the 8
 * bit planes of every row, each row padded with the columns torch's {@code 'reflect'} padding adds (column
 * -1 reads column 1, column W reads column W-2); without the filter, interleaved RGB bytes ready to emit.
 * Reused from frame to frame; written by one thread, then only read.
 */
final class QuantisedFrame {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101010101010101L;
    /** Multiplying the low bits of 8 bytes by this gathers them into the top byte, byte j at bit 56 + j. */
    private static final long GATHER = 0x0102040810204080L;

    final int width;
    final int height;
    /** Longs per padded row and bit plane: pixels -1..W in bits, plus one spare word the filter reads past the end. */
    final int words;
    /** {@code [3][H][8][words]}: bit b of padded pixel i of a row is bit i % 64 of word i / 64 of plane b. */
    final long[] planes;
    /** Interleaved RGB bytes, when the frame is not median-filtered. */
    final byte[] rgb;
    /** NaN positions ({@code [3][H][W]} bits), or null before the first NaN; valid where {@link #hasNaN}. */
    private long[] nan;
    private boolean hasNaN;

    QuantisedFrame(int width, int height, boolean median) {
        this.width = width;
        this.height = height;
        this.words = (width + 2 + 63) / 64 + 1;
        this.planes = median ? new long[3 * height * 8 * words] : null;
        this.rgb = median ? null : new byte[3 * width * height];
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
            transposeRow(row, r * 8 * words);
        }
        return nanSeen;
    }

    /** A scratch row for {@link #loadRow}: the padded row's bytes, whole words of them. */
    byte[] rowScratch() {
        return new byte[words * 64];
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

    /** Writes the padded row's bytes as 8 bit planes at {@code base}. */
    private void transposeRow(byte[] row, int base) {
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
}
