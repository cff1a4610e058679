package io.vexpress.media.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vexpress.ImageFit;
import io.vexpress.core.image.BicubicResize;
import io.vexpress.core.image.ImageFitter;
import io.vexpress.media.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decode + resize of the V-Express sample reference images against Pillow 9.4's
 * {@code Image.open(f).convert('RGB').resize(...)} (goldens from tools/goldens/image_resize.py --samples).
 * Skips when ../shared/samples is absent.
 */
class SampleImageResizeTest {

    @ParameterizedTest
    @ValueSource(strings = {"AOC", "tys", "10"})
    void decodeAndResizeMatchPillowWithinOneLevel(String sample) throws IOException {
        String root = System.getProperty("vexpress.shared.samples", "");
        Path ref = Path.of(root, sample, "ref.jpg");
        assumeTrue(!root.isEmpty() && Files.isRegularFile(ref), "V-Express samples not available: " + ref);
        RgbImage decoded = new StandardImageDecoder().decode(ref, false);
        check(sample + "_stretch_160x160", ImageFitter.fit(decoded, 160, 160, ImageFit.STRETCH));
        check(sample + "_stretch_96x144", ImageFitter.fit(decoded, 96, 144, ImageFit.STRETCH));
        check(sample + "_fit_160x160", ImageFitter.fit(decoded, 160, 160, ImageFit.CENTER_CROP));
        check(sample + "_fit_96x144", ImageFitter.fit(decoded, 96, 144, ImageFit.CENTER_CROP));
        check(sample + "_box_150x120", BicubicResize.resize(decoded, 150, 120, 200.5f, 180.25f, 300.5f, 260.25f));
    }

    private static void check(String golden, RgbImage actual) throws IOException {
        RgbImage expected = readPng("/golden/image_resize/" + golden + ".png");
        assertEquals(expected.width(), actual.width(), golden);
        assertEquals(expected.height(), actual.height(), golden);
        byte[] e = expected.toRgbBytes();
        byte[] a = actual.toRgbBytes();
        int max = 0;
        for (int i = 0; i < e.length; i++) {
            max = Math.max(max, Math.abs((e[i] & 0xFF) - (a[i] & 0xFF)));
        }
        assertTrue(max <= 1, golden + ": max difference " + max + " levels");
    }

    private static RgbImage readPng(String resource) throws IOException {
        try (InputStream in = SampleImageResizeTest.class.getResourceAsStream(resource)) {
            BufferedImage img = ImageIO.read(in);
            int w = img.getWidth();
            int h = img.getHeight();
            byte[] rgb = new byte[w * h * 3];
            img.getRaster().getDataElements(0, 0, w, h, rgb);
            return RgbImage.of(w, h, rgb);
        }
    }
}
