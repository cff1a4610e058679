package io.vexpress.core.postprocess;

/**
 * Transposes between 64 pixels' bytes and their 8 bit planes with word operations only (shifts, masks, xors),
 * which the JIT compiler can run on several words per instruction: the median keeps 64 pixels' bit b in one
 * {@code long}, the frames hold one byte per pixel.
 *
 * <p>64 pixels as bytes are 8 {@code long}s {@code x0..x7} (pixel {@code 8g + j} in byte j of {@code xg}); as
 * planes 8 {@code long}s {@code m0..m7} (bit b of pixel {@code 8g + j} at bit {@code 8g + j} of {@code mb}). With
 * the bits indexed as [word][byte][bit], bytes to planes is [g][j][b] to [b][g][j]: an 8x8 bit-matrix
 * transpose inside every word ([g][j][b] to [g][b][j]), then an 8x8 byte-matrix transpose across the 8 words
 * ([g][b][j] to [b][g][j]); planes to bytes is the same two steps in the other order.
 */
final class BitMatrix {
    static final long LOW_32 = 0x00000000FFFFFFFFL;
    static final long LOW_16 = 0x0000FFFF0000FFFFL;
    static final long LOW_8 = 0x00FF00FF00FF00FFL;

    private BitMatrix() {
    }

    /**
     * The 8x8 bit matrix in {@code x} (row r = byte r, column c = bit c) transposed: bit {@code 8r + c} moves to
     * {@code 8c + r}, by swapping 1x1, then 2x2, then 4x4 blocks across the diagonal (Hacker's Delight, 7-3).
     */
    static long transposeBits(long x) {
        long t = (x ^ (x >>> 7)) & 0x00AA00AA00AA00AAL;
        x = x ^ t ^ (t << 7);
        t = (x ^ (x >>> 14)) & 0x0000CCCC0000CCCCL;
        x = x ^ t ^ (t << 14);
        t = (x ^ (x >>> 28)) & 0x00000000F0F0F0F0L;
        return x ^ t ^ (t << 28);
    }

    /*
     * One step of the 8x8 byte-matrix transpose (row = word, column = byte) on rows a and b = a + s, with
     * mask the low s bytes of every 2s and shift = 8s: the upper row takes the left blocks of both, the lower
     * row the right blocks. Steps s = 4, 2, 1 on all row pairs transpose the matrix.
     */

    /** Row a after the step on rows (a, b). */
    static long upper(long a, long b, long mask, int shift) {
        return (a & mask) | ((b & mask) << shift);
    }

    /** Row b after the step on rows (a, b). */
    static long lower(long a, long b, long mask, int shift) {
        return ((a >>> shift) & mask) | (b & ~mask);
    }
}
