package io.vexpress.core.image;

import io.vexpress.InvalidInputException;
import io.vexpress.media.RgbImage;

/**
 * Resizes RGB images exactly like Pillow's default {@code Image.resize(size)} (Pillow 9.4, filter
 * {@code BICUBIC}): a separable cubic convolution (a = -0.5) whose support is widened by the scale factor
 * when downscaling (antialiasing), with Pillow's 22-bit fixed-point coefficients, its rounding and its
 * horizontal-then-vertical pass order, so results are bit-identical to {@code libImaging/Resample.c}.
 *
 * <p>Thread-safe and stateless.
 */
public final class BicubicResize {
    /** Pillow's {@code PRECISION_BITS}: 32 - 8 bits of pixel - 2 bits of headroom. */
    private static final int PRECISION_BITS = 32 - 8 - 2;
    private static final double SUPPORT = 2.0;
    private static final double A = -0.5;

    private BicubicResize() {
    }

    /** Resizes the whole image to {@code width x height}; the same size returns {@code image} itself. */
    public static RgbImage resize(RgbImage image, int width, int height) {
        return resize(image, width, height, 0f, 0f, image.width(), image.height());
    }

    /**
     * Resizes the source region {@code [left, right) x [top, bottom)} (fractional pixel coordinates, as
     * Pillow's {@code box} argument) to {@code width x height}.
     *
     * @throws InvalidInputException when the size is not positive or the box lies outside the image or is empty
     */
    public static RgbImage resize(RgbImage image, int width, int height, float left, float top, float right, float bottom) {
        if (width <= 0 || height <= 0) {
            throw new InvalidInputException("Resize target must be positive, got " + width + "x" + height + ".");
        }
        if (left < 0 || top < 0 || right > image.width() || bottom > image.height() || right <= left || bottom <= top) {
            throw new InvalidInputException("Resize box (" + left + ", " + top + ", " + right + ", " + bottom
                    + ") must be a non-empty region inside the " + image.width() + "x" + image.height() + " image.");
        }
        boolean wholeImage = left == 0 && top == 0 && right == image.width() && bottom == image.height();
        if (wholeImage && width == image.width() && height == image.height()) {
            return image; // Pillow returns a copy; RgbImage is immutable so the same instance is equivalent.
        }
        int inW = image.width();
        int inH = image.height();
        boolean needHorizontal = width != inW || left != 0 || right != width;
        boolean needVertical = height != inH || top != 0 || bottom != height;

        Coefficients horizontal = Coefficients.of(inW, left, right, width);
        Coefficients vertical = Coefficients.of(inH, top, bottom, height);

        byte[] src = image.toRgbBytes();
        int rowsFirst = 0;
        int tempH = inH;
        int tempW = inW;
        byte[] temp = src;
        if (needHorizontal) {
            rowsFirst = vertical.bounds[0];
            int rowsLast = vertical.bounds[height * 2 - 2] + vertical.bounds[height * 2 - 1];
            tempH = rowsLast - rowsFirst;
            tempW = width;
            temp = new byte[tempW * tempH * 3];
            horizontalPass(src, inW, rowsFirst, tempH, temp, width, horizontal);
        }
        if (!needVertical) {
            return RgbImage.of(tempW, tempH, temp);
        }
        byte[] out = new byte[tempW * height * 3];
        verticalPass(temp, tempW, rowsFirst, out, height, vertical);
        return RgbImage.of(tempW, height, out);
    }

    private static void horizontalPass(byte[] src, int inW, int rowOffset, int rows, byte[] dst, int outW, Coefficients c) {
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = 0; y < rows; y++) {
            int srcRow = (y + rowOffset) * inW * 3;
            int dstRow = y * outW * 3;
            for (int xx = 0; xx < outW; xx++) {
                int xmin = c.bounds[xx * 2];
                int xmax = c.bounds[xx * 2 + 1];
                int k0 = xx * c.ksize;
                int s0 = half;
                int s1 = half;
                int s2 = half;
                for (int x = 0; x < xmax; x++) {
                    int p = srcRow + (x + xmin) * 3;
                    int k = c.fixed[k0 + x];
                    s0 += (src[p] & 0xFF) * k;
                    s1 += (src[p + 1] & 0xFF) * k;
                    s2 += (src[p + 2] & 0xFF) * k;
                }
                int d = dstRow + xx * 3;
                dst[d] = clip8(s0);
                dst[d + 1] = clip8(s1);
                dst[d + 2] = clip8(s2);
            }
        }
    }

    private static void verticalPass(byte[] src, int w, int rowOffset, byte[] dst, int outH, Coefficients c) {
        int half = 1 << (PRECISION_BITS - 1);
        int stride = w * 3;
        for (int yy = 0; yy < outH; yy++) {
            int ymin = c.bounds[yy * 2] - rowOffset;
            int ymax = c.bounds[yy * 2 + 1];
            int k0 = yy * c.ksize;
            int dstRow = yy * stride;
            for (int i = 0; i < stride; i++) {
                int s = half;
                for (int y = 0; y < ymax; y++) {
                    s += (src[(y + ymin) * stride + i] & 0xFF) * c.fixed[k0 + y];
                }
                dst[dstRow + i] = clip8(s);
            }
        }
    }

    private static byte clip8(int in) {
        if (in >= (1 << PRECISION_BITS << 8)) {
            return (byte) 255;
        }
        if (in <= 0) {
            return 0;
        }
        return (byte) (in >> PRECISION_BITS);
    }

    private static double bicubic(double x) {
        if (x < 0.0) {
            x = -x;
        }
        if (x < 1.0) {
            return ((A + 2.0) * x - (A + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * A;
        }
        return 0.0;
    }

    /** Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}. */
    private static final class Coefficients {
        final int ksize;
        final int[] bounds;
        final int[] fixed;

        private Coefficients(int ksize, int[] bounds, int[] fixed) {
            this.ksize = ksize;
            this.bounds = bounds;
            this.fixed = fixed;
        }

        static Coefficients of(int inSize, float in0, float in1, int outSize) {
            // Pillow keeps the box in C floats: the subtraction happens in float precision.
            double scale = (double) (in1 - in0) / outSize;
            double filterscale = Math.max(scale, 1.0);
            double support = SUPPORT * filterscale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[outSize * 2];
            int[] fixed = new int[outSize * ksize];
            double[] k = new double[ksize];
            for (int xx = 0; xx < outSize; xx++) {
                double center = in0 + (xx + 0.5) * scale;
                double ww = 0.0;
                double ss = 1.0 / filterscale;
                int xmin = (int) (center - support + 0.5);
                if (xmin < 0) {
                    xmin = 0;
                }
                int xmax = (int) (center + support + 0.5);
                if (xmax > inSize) {
                    xmax = inSize;
                }
                xmax -= xmin;
                for (int x = 0; x < xmax; x++) {
                    double w = bicubic((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < ksize; x++) {
                    double v = x < xmax ? (ww != 0.0 ? k[x] / ww : k[x]) : 0.0;
                    fixed[xx * ksize + x] = v < 0
                            ? (int) (-0.5 + v * (1 << PRECISION_BITS))
                            : (int) (0.5 + v * (1 << PRECISION_BITS));
                }
                bounds[xx * 2] = xmin;
                bounds[xx * 2 + 1] = xmax;
            }
            return new Coefficients(ksize, bounds, fixed);
        }
    }
}
