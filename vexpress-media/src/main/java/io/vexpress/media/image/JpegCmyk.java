package io.vexpress.media.image;

import io.vexpress.media.RgbImage;
import java.awt.image.Raster;

/**
 * Four-channel (CMYK or YCCK) JPEGs, which ImageIO decodes only as raw rasters, converted the way Pillow
 * does: libjpeg turns YCCK into CMYK ({@code ycck_cmyk_convert}), Pillow reads Adobe files as inverted CMYK
 * ({@code CMYK;I}) and converts with {@code cmyk2rgb}: {@code R = (255 - K) - C * (255 - K) / 255}.
 */
final class JpegCmyk {
    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);

    private JpegCmyk() {
    }

    /** @param adobeTransform the APP14 transform (2 = YCCK), -1 without the Adobe marker */
    static RgbImage toRgb(Raster raster, int adobeTransform) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        int[] px = raster.getPixels(raster.getMinX(), raster.getMinY(), w, h, (int[]) null);
        byte[] rgb = new byte[w * h * 3];
        boolean inverted = adobeTransform >= 0;
        for (int i = 0; i < w * h; i++) {
            int c0 = px[i * 4];
            int c1 = px[i * 4 + 1];
            int c2 = px[i * 4 + 2];
            int k = px[i * 4 + 3];
            if (adobeTransform == 2) {
                int y = c0;
                int cb = c1 - 128;
                int cr = c2 - 128;
                c0 = clamp(255 - (y + ((fix(1.40200) * cr + ONE_HALF) >> SCALEBITS)));
                c1 = clamp(255 - (y + ((-fix(0.34414) * cb + ONE_HALF - fix(0.71414) * cr) >> SCALEBITS)));
                c2 = clamp(255 - (y + ((fix(1.77200) * cb + ONE_HALF) >> SCALEBITS)));
            }
            if (inverted) {
                c0 = 255 - c0;
                c1 = 255 - c1;
                c2 = 255 - c2;
                k = 255 - k;
            }
            int nk = 255 - k;
            rgb[i * 3] = (byte) clamp(nk - mulDiv255(c0, nk));
            rgb[i * 3 + 1] = (byte) clamp(nk - mulDiv255(c1, nk));
            rgb[i * 3 + 2] = (byte) clamp(nk - mulDiv255(c2, nk));
        }
        return RgbImage.of(w, h, rgb);
    }

    private static int fix(double x) {
        return (int) (x * (1L << SCALEBITS) + 0.5);
    }

    /** Pillow's MULDIV255: a * b / 255 rounded, in integers. */
    private static int mulDiv255(int a, int b) {
        int tmp = a * b + 128;
        return ((tmp >> 8) + tmp) >> 8;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
