package io.vexpress.media.image;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzz test (Jazzer) of the image-header parser, which reads the declared size and EXIF orientation of
 * untrusted files before any pixel is decoded (the decompression-bomb check depends on it). On any bytes it must
 * return, not throw, and what it returns must be sane. A normal build replays the committed corpus in
 * {@code src/test/resources/io/vexpress/media/image/ImageHeaderFuzzTestInputs/}; to fuzz:
 * <pre>JAZZER_FUZZ=1 mvn -B -ntp -pl vexpress-media -am test -Dtest=ImageHeaderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
class ImageHeaderFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void header(byte[] bytes) {
        ImageHeader h = ImageHeader.parse(bytes);
        if (h == null || h.format() == null) {
            throw new AssertionError("no header");
        }
        if (h.width() < -1 || h.height() < -1 || (h.width() < 0) != (h.height() < 0) && h.format() != ImageHeader.Format.WEBP) {
            throw new AssertionError("declared size " + h.width() + "x" + h.height() + " for " + h.format());
        }
        if (h.orientation() < 1 || h.orientation() > 8) {
            throw new AssertionError("EXIF orientation " + h.orientation());
        }
        if (h.jpegComponents() < 0 || h.jpegComponents() > 255 || h.adobeTransform() < -1 || h.adobeTransform() > 255) {
            throw new AssertionError("JPEG fields " + h.jpegComponents() + ", " + h.adobeTransform());
        }
    }
}
