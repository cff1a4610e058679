package io.vexpress.core.face;

import io.vexpress.media.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Loads PNG test resources as {@link RgbImage}s. */
final class TestImages {
    private TestImages() {
    }

    static RgbImage png(String resource) {
        try (InputStream in = TestImages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            BufferedImage img = ImageIO.read(in);
            int w = img.getWidth();
            int h = img.getHeight();
            byte[] rgb = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = img.getRGB(x, y);
                    int i = (y * w + x) * 3;
                    rgb[i] = (byte) (p >> 16);
                    rgb[i + 1] = (byte) (p >> 8);
                    rgb[i + 2] = (byte) p;
                }
            }
            return RgbImage.of(w, h, rgb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
