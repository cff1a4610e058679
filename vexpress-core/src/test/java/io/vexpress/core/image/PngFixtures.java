package io.vexpress.core.image;

import io.vexpress.media.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;

/** Reads the 8-bit RGB PNG goldens written by tools/goldens/image_resize.py. */
final class PngFixtures {
    private PngFixtures() {
    }

    static RgbImage read(String resource) throws IOException {
        try (InputStream in = PngFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            BufferedImage img = ImageIO.read(in);
            Raster r = img.getRaster();
            int w = img.getWidth();
            int h = img.getHeight();
            byte[] rgb = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * w + x) * 3 + c] = (byte) r.getSample(x, y, c);
                    }
                }
            }
            return RgbImage.of(w, h, rgb);
        }
    }

    /** Largest absolute per-channel difference. */
    static int maxDifference(RgbImage a, RgbImage b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new AssertionError("size " + a + " vs " + b);
        }
        byte[] x = a.toRgbBytes();
        byte[] y = b.toRgbBytes();
        int max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((x[i] & 0xFF) - (y[i] & 0xFF)));
        }
        return max;
    }
}
