package io.vexpress.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vexpress.ImageFit;
import io.vexpress.InvalidInputException;
import io.vexpress.media.RgbImage;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compares with Pillow 9.4 goldens from tools/goldens/image_resize.py; Pillow's fixed-point path is reproduced exactly. */
class BicubicResizeTest {
    private static final String DIR = "/golden/image_resize/";

    @ParameterizedTest
    @CsvSource({"32,24", "20,41", "134,106", "67,53", "200,37", "7,5", "1,1"})
    void stretchMatchesPillowResizeExactly(int w, int h) throws IOException {
        RgbImage src = PngFixtures.read(DIR + "source.png");
        RgbImage expected = PngFixtures.read(DIR + "stretch_" + w + "x" + h + ".png");
        assertEquals(0, PngFixtures.maxDifference(expected, ImageFitter.fit(src, w, h, ImageFit.STRETCH)));
    }

    @ParameterizedTest
    @CsvSource({"32,24", "20,41", "134,106", "67,53", "200,37", "7,5", "1,1"})
    void centerCropMatchesPillowImageOpsFitExactly(int w, int h) throws IOException {
        RgbImage src = PngFixtures.read(DIR + "source.png");
        RgbImage expected = PngFixtures.read(DIR + "fit_" + w + "x" + h + ".png");
        assertEquals(0, PngFixtures.maxDifference(expected, ImageFitter.fit(src, w, h, ImageFit.CENTER_CROP)));
    }

    @Test
    void fractionalBoxMatchesPillow() throws IOException {
        RgbImage src = PngFixtures.read(DIR + "source.png");
        RgbImage expected = PngFixtures.read(DIR + "box_50x70.png");
        RgbImage actual = BicubicResize.resize(src, 50, 70, 3.5f, 2.25f, 60.75f, 50.5f);
        assertEquals(0, PngFixtures.maxDifference(expected, actual));
    }

    @Test
    void sameSizeIsIdentity() throws IOException {
        RgbImage src = PngFixtures.read(DIR + "source.png");
        assertSame(src, BicubicResize.resize(src, src.width(), src.height()));
    }

    @Test
    void rejectsBadArguments() {
        RgbImage src = RgbImage.black(4, 4);
        assertThrows(InvalidInputException.class, () -> BicubicResize.resize(src, 0, 3));
        assertThrows(InvalidInputException.class, () -> BicubicResize.resize(src, 2, 2, 0, 0, 5, 4));
        assertThrows(InvalidInputException.class, () -> ImageFitter.fit(src, 3, -1, ImageFit.CENTER_CROP));
    }
}
