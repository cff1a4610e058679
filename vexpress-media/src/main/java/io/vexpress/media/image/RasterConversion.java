package io.vexpress.media.image;

import io.vexpress.media.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns any decoded {@link BufferedImage} into 8-bit RGB the way Pillow's {@code convert('RGB')} does:
 * alpha is dropped (not composited), grey is replicated to the three channels, palettes are looked up.
 *
 * <p>Samples are read from the raster rather than through {@link BufferedImage#getRGB}, because Java2D treats
 * {@code TYPE_BYTE_GRAY} as linear light and would brighten grey images on the way to sRGB.
 * 16-bit samples keep their high byte.
 */
final class RasterConversion {
    private RasterConversion() {
    }

    static RgbImage toRgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] rgb = new byte[w * h * 3];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            int[] pixels = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < pixels.length; i++) {
                int p = pixels[i];
                rgb[i * 3] = (byte) icm.getRed(p);
                rgb[i * 3 + 1] = (byte) icm.getGreen(p);
                rgb[i * 3 + 2] = (byte) icm.getBlue(p);
            }
        } else if (cm instanceof ComponentColorModel && cm.getColorSpace().getNumComponents() <= 3) {
            int colour = cm.getColorSpace().getNumComponents(); // 1 = grey, 3 = RGB; alpha (if any) follows
            int bits = cm.getComponentSize(0);
            int[] row = new int[w * raster.getNumBands()];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, row);
                int bands = raster.getNumBands();
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        int v = row[x * bands + (colour == 1 ? 0 : c)];
                        rgb[(y * w + x) * 3 + c] = (byte) to8Bit(v, bits);
                    }
                }
            }
        } else {
            // Packed (BMP, some GIF/PNG paths) and any other sRGB model: Java2D's own conversion is exact there.
            int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                rgb[i * 3] = (byte) (argb[i] >> 16);
                rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
                rgb[i * 3 + 2] = (byte) argb[i];
            }
        }
        return RgbImage.of(w, h, rgb);
    }

    private static int to8Bit(int v, int bits) {
        if (bits == 8) {
            return v;
        }
        if (bits > 8) {
            return v >>> (bits - 8);
        }
        return v * 255 / ((1 << bits) - 1);
    }
}
