package io.vexpress.core.face;

import io.vexpress.InvalidInputException;
import io.vexpress.media.RgbImage;

/**
 * OpenCV's {@code cv2.resize(img, (w, h))} with its default {@code INTER_LINEAR} on 8-bit images,
 * reproduced byte for byte (checked against OpenCV 4.6).
 *
 * <p>V-Express resizes the reference image to 512x512 with cv2 before detecting its keypoints, and
 * insightface's SCRFD letterboxes with cv2 too, so "a" bilinear resize is not enough: OpenCV works in
 * fixed point (11-bit coefficients, and the SIMD vertical pass drops 4 low bits before its 16-bit
 * multiply), it clamps edge samples, returns a copy for an unchanged size and switches to its 2x2 area
 * average for an exact halving. All of that is mirrored here. Channels are independent, so RGB in
 * gives the same bytes as OpenCV's BGR.
 */
public final class Cv2Resize {
    private static final int COEF_BITS = 11;
    private static final int COEF_SCALE = 1 << COEF_BITS;

    private Cv2Resize() {
    }

    /**
     * Resizes {@code image} to {@code width} x {@code height} as {@code cv2.resize} does.
     *
     * @throws InvalidInputException when a target size is not positive
     */
    public static RgbImage resize(RgbImage image, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("Resize target must be positive, got " + width + "x" + height + ".");
        }
        int sw = image.width();
        int sh = image.height();
        if (sw == width && sh == height) {
            return image;
        }
        byte[] src = image.toRgbBytes();
        double scaleX = 1.0 / ((double) width / sw);
        double scaleY = 1.0 / ((double) height / sh);
        if (scaleX == 2.0 && scaleY == 2.0) {
            return RgbImage.of(width, height, halve(src, sw, width, height));
        }
        return RgbImage.of(width, height, linear(src, sw, sh, width, height, scaleX, scaleY));
    }

    /** OpenCV's resizeAreaFast for an exact 2x reduction: rounded mean of each 2x2 block. */
    private static byte[] halve(byte[] src, int sw, int width, int height) {
        byte[] dst = new byte[width * height * 3];
        int rowStride = sw * 3;
        for (int y = 0; y < height; y++) {
            int r0 = 2 * y * rowStride;
            int r1 = r0 + rowStride;
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    int i = 2 * x * 3 + c;
                    int sum = (src[r0 + i] & 0xFF) + (src[r0 + i + 3] & 0xFF) + (src[r1 + i] & 0xFF) + (src[r1 + i + 3] & 0xFF);
                    dst[(y * width + x) * 3 + c] = (byte) ((sum + 2) >> 2);
                }
            }
        }
        return dst;
    }

    private static byte[] linear(byte[] src, int sw, int sh, int width, int height, double scaleX, double scaleY) {
        int[] xOffset = new int[width];
        int[] xAlpha = new int[width * 2];
        for (int dx = 0; dx < width; dx++) {
            float fx = (float) ((dx + 0.5) * scaleX - 0.5);
            int sx = (int) Math.floor(fx);
            fx -= sx;
            if (sx < 0) {
                fx = 0;
                sx = 0;
            }
            if (sx >= sw - 1) {
                fx = 0;
                sx = sw - 1;
            }
            xOffset[dx] = sx;
            xAlpha[2 * dx] = fixedPoint(1f - fx);
            xAlpha[2 * dx + 1] = fixedPoint(fx);
        }
        int rowLength = width * 3;
        byte[] dst = new byte[rowLength * height];
        int[] row0 = new int[rowLength];
        int[] row1 = new int[rowLength];
        for (int dy = 0; dy < height; dy++) {
            float fy = (float) ((dy + 0.5) * scaleY - 0.5);
            int sy = (int) Math.floor(fy);
            fy -= sy;
            // Unlike x, y keeps its weights at the edges; only the row indices are clamped.
            int beta0 = fixedPoint(1f - fy);
            int beta1 = fixedPoint(fy);
            horizontalPass(src, sw, Math.min(Math.max(sy, 0), sh - 1), xOffset, xAlpha, row0);
            horizontalPass(src, sw, Math.min(Math.max(sy + 1, 0), sh - 1), xOffset, xAlpha, row1);
            int out = dy * rowLength;
            for (int i = 0; i < rowLength; i++) {
                // OpenCV's SIMD vertical pass (VResizeLinearVec_32s8u): >> 4, 16x16 mulhi, saturating add, rounding >> 2.
                int v = (((row0[i] >> 4) * beta0) >> 16) + (((row1[i] >> 4) * beta1) >> 16);
                v = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
                v = (v + 2) >> 2;
                dst[out + i] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return dst;
    }

    private static void horizontalPass(byte[] src, int sw, int sy, int[] xOffset, int[] xAlpha, int[] row) {
        int base = sy * sw * 3;
        for (int dx = 0; dx < xOffset.length; dx++) {
            int sx = xOffset[dx];
            int a0 = xAlpha[2 * dx];
            int a1 = xAlpha[2 * dx + 1];
            int p = base + sx * 3;
            for (int c = 0; c < 3; c++) {
                int left = src[p + c] & 0xFF;
                row[dx * 3 + c] = sx < sw - 1 ? left * a0 + (src[p + 3 + c] & 0xFF) * a1 : left * COEF_SCALE;
            }
        }
    }

    /** {@code saturate_cast<short>(w * INTER_RESIZE_COEF_SCALE)}: float product, round half to even. */
    private static int fixedPoint(float weight) {
        return (int) Math.rint(weight * (float) COEF_SCALE);
    }
}
