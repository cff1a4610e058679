package io.vexpress.core.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vexpress.InvalidInputException;
import io.vexpress.media.RgbImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Byte equality with OpenCV 4.6 (goldens from tools/goldens/cv2_resize.py). */
class Cv2ResizeTest {
    private static final String DIR = "/golden/cv2-resize/";

    @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
    @CsvSource({
        "40, 30, 64, 64", "40, 30, 17, 13", "40, 30, 20, 15", "40, 30, 40, 30", "40, 30, 80, 60",
        "40, 30, 13, 47", "40, 30, 1, 1",
        "51, 37, 64, 64", "51, 37, 17, 37", "51, 37, 50, 36", "51, 37, 101, 73", "51, 37, 5, 3",
        "1, 9, 6, 4"})
    void matchesOpenCvByteForByte(int sw, int sh, int tw, int th) {
        RgbImage source = TestImages.png(DIR + "source_" + sw + "x" + sh + ".png");
        RgbImage expected = TestImages.png(DIR + "source_" + sw + "x" + sh + "_to_" + tw + "x" + th + ".png");
        RgbImage actual = Cv2Resize.resize(source, tw, th);
        assertEquals(tw, actual.width());
        assertEquals(th, actual.height());
        byte[] e = expected.toRgbBytes();
        byte[] a = actual.toRgbBytes();
        int mismatches = 0;
        int first = -1;
        for (int i = 0; i < e.length; i++) {
            if (e[i] != a[i]) {
                mismatches++;
                if (first < 0) {
                    first = i;
                }
            }
        }
        assertEquals(0, mismatches, "bytes differing from cv2.resize; first at " + first);
    }

    @Test
    void rejectsEmptyTarget() {
        assertThrows(InvalidInputException.class, () -> Cv2Resize.resize(RgbImage.black(4, 4), 0, 4));
    }
}
