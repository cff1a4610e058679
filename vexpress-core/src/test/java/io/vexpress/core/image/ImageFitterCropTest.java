package io.vexpress.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vexpress.ImageFit;
import io.vexpress.media.RgbImage;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageFitterCropTest {

    private static RgbImage noise(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        new Random(seed).nextBytes(rgb);
        return RgbImage.of(w, h, rgb);
    }

    @Test
    void aBoxInsideThePhotoIsPillowsResizeOfThatBox() {
        RgbImage photo = noise(300, 200, 1);
        CropBox box = new CropBox(40.5, 20.25, 150, 150);
        assertEquals(BicubicResize.resize(photo, 64, 64, 40.5f, 20.25f, 190.5f, 170.25f), ImageFitter.crop(photo, box, 64, 64));
    }

    @Test
    void whereTheBoxLeavesThePhotoTheEdgePixelsAreRepeated() {
        // a photo whose every column has its own colour and whose rows are all alike
        int w = 40;
        int h = 30;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rgb[(y * w + x) * 3] = (byte) (50 + 4 * x);
                rgb[(y * w + x) * 3 + 1] = (byte) (200 - 3 * x);
                rgb[(y * w + x) * 3 + 2] = (byte) 77;
            }
        }
        RgbImage photo = RgbImage.of(w, h, rgb);
        // 1:1 scale, 10 px beyond the left edge and 20 px beyond the top and bottom
        RgbImage crop = ImageFitter.crop(photo, new CropBox(-10, -20, 70, 70), 70, 70);
        for (int y = 0; y < 70; y++) {
            for (int x = 0; x < 10; x++) {
                assertEquals(50, crop.channel(x, y, 0), "left padding repeats column 0");
                assertEquals(200, crop.channel(x, y, 1));
            }
            for (int x = 10; x < 50; x++) {
                assertEquals(50 + 4 * (x - 10), crop.channel(x, y, 0), "the photo itself, rows repeated");
            }
            for (int x = 50; x < 70; x++) {
                assertEquals(50 + 4 * 39, crop.channel(x, y, 0), "right padding repeats the last column");
            }
        }
    }

    @Test
    void theFitBoxesAreTheWholePhotoAndPillowsCentredCrop() {
        RgbImage photo = noise(300, 200, 2);
        assertEquals(new CropBox(0, 0, 300, 200), ImageFitter.box(photo, 64, 64, ImageFit.STRETCH));
        assertEquals(new CropBox(50, 0, 200, 200), ImageFitter.box(photo, 64, 64, ImageFit.CENTER_CROP));
        assertEquals(ImageFitter.fit(photo, 64, 64, ImageFit.CENTER_CROP), ImageFitter.crop(photo, new CropBox(50, 0, 200, 200), 64, 64));
    }
}
