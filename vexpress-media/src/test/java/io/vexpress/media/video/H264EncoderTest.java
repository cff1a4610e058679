package io.vexpress.media.video;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.vexpress.MediaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The encoder choice: what the natives contain, and forcing one by property. */
class H264EncoderTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(H264Encoder.PROPERTY);
    }

    @Test
    void selectsAnAvailableEncoderPreferringX264() {
        H264Encoder chosen = H264Encoder.select();
        assertTrue(chosen.isAvailable());
        assertTrue(H264Encoder.LIBOPENH264.isAvailable(), "both native flavours ship openh264");
        if (H264Encoder.LIBX264.isAvailable()) {
            assertTrue(chosen == H264Encoder.LIBX264);
        }
    }

    @Test
    void forcedEncoderIsUsedOrRefusedNeverSubstituted() {
        System.setProperty(H264Encoder.PROPERTY, "libopenh264");
        assertTrue(H264Encoder.select() == H264Encoder.LIBOPENH264);
        System.setProperty(H264Encoder.PROPERTY, "h264_nvenc");
        assertThrows(MediaException.class, H264Encoder::select);
    }

    @Test
    void forcingX264WithoutGplNativesIsAnError() {
        assumeFalse(H264Encoder.LIBX264.isAvailable(), "GPL natives on the class path");
        System.setProperty(H264Encoder.PROPERTY, "libx264");
        MediaException e = assertThrows(MediaException.class, H264Encoder::select);
        assertTrue(e.getMessage().contains("-Pgpl"), e.getMessage());
    }
}
