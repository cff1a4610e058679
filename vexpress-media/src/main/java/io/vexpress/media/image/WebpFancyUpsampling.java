package io.vexpress.media.image;

import io.vexpress.media.RgbImage;

/**
 * libwebp's default YUV 4:2:0 to RGB conversion ("fancy upsampling", {@code src/dsp/upsampling.c} and
 * {@code EmitFancyRGB} in {@code src/dec/io_dec.c}, with the 14-bit fixed-point BT.601 matrix of
 * {@code src/dsp/yuv.h}), which is what Pillow gets from libwebp. FFmpeg's VP8 decoder produces the same
 * YUV planes as libwebp, so applying this to them reproduces Pillow's pixels for lossy WebP.
 */
final class WebpFancyUpsampling {
    private WebpFancyUpsampling() {
    }

    /**
     * @param y luma plane, {@code yStride} bytes per row
     * @param u chroma planes, {@code (width + 1) / 2} samples per row used, {@code uvStride} bytes per row
     */
    static RgbImage toRgb(byte[] y, int yStride, byte[] u, byte[] v, int uvStride, int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        // Row 0 mirrors the chroma at the top boundary; then rows (2k-1, 2k) come in pairs between chroma rows
        // k-1 and k; an even height ends with a last row that mirrors the bottom boundary.
        linePair(y, 0, -1, u, v, 0, 0, rgb, 0, -1, width);
        int row = 0;
        for (; row + 2 < height; row += 2) {
            int top = row / 2;
            linePair(y, (row + 1) * yStride, (row + 2) * yStride, u, v, top * uvStride, (top + 1) * uvStride,
                    rgb, (row + 1) * width * 3, (row + 2) * width * 3, width);
        }
        if ((height & 1) == 0) {
            int last = (row / 2) * uvStride;
            linePair(y, (height - 1) * yStride, -1, u, v, last, last, rgb, (height - 1) * width * 3, -1, width);
        }
        return RgbImage.of(width, height, rgb);
    }

    /** libwebp's UPSAMPLE_FUNC: U in the low 16 bits and V in the high 16 bits of one int, as in C. */
    private static void linePair(byte[] y, int topY, int bottomY, byte[] u, byte[] v, int topUv, int curUv,
            byte[] rgb, int topDst, int bottomDst, int len) {
        int lastPixelPair = (len - 1) >> 1;
        int tlUv = load(u, v, topUv);
        int lUv = load(u, v, curUv);
        int uv0 = (3 * tlUv + lUv + 0x00020002) >>> 2;
        emit(y[topY] & 0xFF, uv0, rgb, topDst);
        if (bottomY >= 0) {
            uv0 = (3 * lUv + tlUv + 0x00020002) >>> 2;
            emit(y[bottomY] & 0xFF, uv0, rgb, bottomDst);
        }
        for (int x = 1; x <= lastPixelPair; x++) {
            int tUv = load(u, v, topUv + x);
            int uv = load(u, v, curUv + x);
            int avg = tlUv + tUv + lUv + uv + 0x00080008;
            int diag12 = (avg + 2 * (tUv + lUv)) >>> 3;
            int diag03 = (avg + 2 * (tlUv + uv)) >>> 3;
            emit(y[topY + 2 * x - 1] & 0xFF, (diag12 + tlUv) >>> 1, rgb, topDst + (2 * x - 1) * 3);
            emit(y[topY + 2 * x] & 0xFF, (diag03 + tUv) >>> 1, rgb, topDst + 2 * x * 3);
            if (bottomY >= 0) {
                emit(y[bottomY + 2 * x - 1] & 0xFF, (diag03 + lUv) >>> 1, rgb, bottomDst + (2 * x - 1) * 3);
                emit(y[bottomY + 2 * x] & 0xFF, (diag12 + uv) >>> 1, rgb, bottomDst + 2 * x * 3);
            }
            tlUv = tUv;
            lUv = uv;
        }
        if ((len & 1) == 0) {
            uv0 = (3 * tlUv + lUv + 0x00020002) >>> 2;
            emit(y[topY + len - 1] & 0xFF, uv0, rgb, topDst + (len - 1) * 3);
            if (bottomY >= 0) {
                uv0 = (3 * lUv + tlUv + 0x00020002) >>> 2;
                emit(y[bottomY + len - 1] & 0xFF, uv0, rgb, bottomDst + (len - 1) * 3);
            }
        }
    }

    private static int load(byte[] u, byte[] v, int i) {
        return (u[i] & 0xFF) | (v[i] & 0xFF) << 16;
    }

    private static void emit(int y, int uv, byte[] rgb, int at) {
        int u = uv & 0xFF;
        int v = (uv >>> 16) & 0xFF;
        int luma = multHi(y, 19077);
        rgb[at] = clip8(luma + multHi(v, 26149) - 14234);
        rgb[at + 1] = clip8(luma - multHi(u, 6419) - multHi(v, 13320) + 8708);
        rgb[at + 2] = clip8(luma + multHi(u, 33050) - 17685);
    }

    private static int multHi(int v, int coeff) {
        return (v * coeff) >> 8;
    }

    private static byte clip8(int v) {
        return (byte) ((v & ~0x3FFF) == 0 ? v >> 6 : v < 0 ? 0 : 255);
    }
}
