package io.vexpress.media.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.MediaException;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.ImageDecoder;
import io.vexpress.spi.Services;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compares with Pillow 9.4's {@code convert('RGB')} (goldens from tools/goldens/image_decode.py). */
class StandardImageDecoderTest {
    private static final String DIR = "/golden/image_decode/";
    private final StandardImageDecoder decoder = new StandardImageDecoder();

    @TempDir
    Path tmp;

    static List<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String line : new String(resource("cases.txt")).split("\n")) {
            if (!line.isBlank()) {
                String[] f = line.trim().split(" ");
                out.add(Arguments.of(f[0], f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPillowConvertRgb(String name, String ext, int width, int height) throws IOException {
        Path file = tmp.resolve(name + "." + ext);
        Files.write(file, resource(name + "." + ext));
        RgbImage actual = decoder.decode(file, true);
        assertEquals(width, actual.width(), "width");
        assertEquals(height, actual.height(), "height");
        byte[] expected = resource(name + ".rgb");
        byte[] got = actual.toRgbBytes();
        int max = 0;
        long sum = 0;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs((expected[i] & 0xFF) - (got[i] & 0xFF));
            max = Math.max(max, d);
            sum += d;
        }
        double mean = (double) sum / expected.length;
        // Every format, lossy WebP included (libwebp's upsampler is reproduced), is bit-exact with Pillow.
        int allowed = 0;
        double allowedMean = 0;
        assertTrue(max <= allowed && mean <= allowedMean, name + ": max diff " + max + ", mean " + mean);
    }

    @Test
    void orientationCanBeIgnoredAsTheReferenceDoes() throws IOException {
        Path rotated = tmp.resolve("o6.png");
        Files.write(rotated, resource("orient6_png.png"));
        Path upright = tmp.resolve("o1.png");
        Files.write(upright, resource("orient1_png.png"));
        RgbImage ignored = decoder.decode(rotated, false);
        assertEquals(decoder.decode(upright, false), ignored);
        assertEquals(37, ignored.width());
    }

    @Test
    void refusesDecompressionBombFromPngHeaderBeforeDecoding() throws IOException {
        ByteBuffer png = ByteBuffer.allocate(33);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put(new byte[] {'I', 'H', 'D', 'R'}).putInt(50000).putInt(50000);
        png.put(new byte[] {8, 2, 0, 0, 0}).putInt(0);
        Path file = tmp.resolve("bomb.png");
        Files.write(file, png.array());
        MediaException e = assertThrows(MediaException.class, () -> decoder.decode(file, true));
        assertTrue(e.getMessage().contains("50000x50000") && e.getMessage().contains("decompression bomb"), e.getMessage());
    }

    @Test
    void refusesDecompressionBombFromJpegHeader() throws IOException {
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, (byte) 0xC3, 0x50, (byte) 0xC3, 0x50, 1, 1, 0x11, 0,
            (byte) 0xFF, (byte) 0xD9};
        Path file = tmp.resolve("bomb.jpg");
        Files.write(file, jpeg);
        MediaException e = assertThrows(MediaException.class, () -> decoder.decode(file, false));
        assertTrue(e.getMessage().contains("50000x50000"), e.getMessage());
    }

    @Test
    void refusesDecompressionBombFromBmpHeader() throws IOException {
        ByteBuffer bmp = ByteBuffer.allocate(54).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bmp.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
        bmp.putInt(40).putInt(60000).putInt(-60000).putShort((short) 1).putShort((short) 24);
        Path file = Files.write(tmp.resolve("bomb.bmp"), bmp.array());
        MediaException e = assertThrows(MediaException.class, () -> decoder.decode(file, false));
        assertTrue(e.getMessage().contains("60000x60000"), e.getMessage());
    }

    @Test
    void headerSizesOfEveryFormatAreRead() throws IOException {
        for (String name : new String[] {"rgb_png.png", "rgb_bmp.bmp", "q90_jpg.jpg", "lossless_webp.webp",
            "lossy_webp.webp", "alpha_lossy_webp.webp", "palette_gif.gif"}) {
            ImageHeader header = ImageHeader.parse(resource(name));
            assertEquals(37, header.width(), name);
            assertEquals(23, header.height(), name);
        }
        assertTrue(ImageHeader.parse(resource("lossy_webp.webp")).lossyWebp());
        assertTrue(!ImageHeader.parse(resource("lossless_webp.webp")).lossyWebp());
        assertEquals(6, ImageHeader.parse(resource("orient6_jpg.jpg")).orientation());
        assertEquals(4, ImageHeader.parse(resource("cmyk_jpg.jpg")).jpegComponents());
    }

    @Test
    void limitIsConfigurable() throws IOException {
        Path file = tmp.resolve("a.png");
        Files.write(file, resource("rgb_png.png"));
        assertThrows(MediaException.class, () -> new StandardImageDecoder(37 * 23 - 1).decode(file, false));
        assertEquals(37, new StandardImageDecoder(37 * 23).decode(file, false).width());
    }

    @Test
    void missingEmptyAndCorruptFilesGiveMediaExceptions() throws IOException {
        assertThrows(MediaException.class, () -> decoder.decode(tmp.resolve("none.jpg"), false));
        Path empty = Files.write(tmp.resolve("empty.png"), new byte[0]);
        assertTrue(assertThrows(MediaException.class, () -> decoder.decode(empty, false)).getMessage().contains("empty"));
        byte[] jpg = resource("q90_jpg.jpg");
        Path truncated = Files.write(tmp.resolve("cut.jpg"), java.util.Arrays.copyOf(jpg, 40));
        assertThrows(MediaException.class, () -> decoder.decode(truncated, false));
        Path text = Files.writeString(tmp.resolve("notes.png"), "this is not an image at all");
        assertThrows(MediaException.class, () -> decoder.decode(text, false));
    }

    @Test
    void registeredAsService() {
        assertTrue(Services.find(ImageDecoder.class).orElseThrow() instanceof StandardImageDecoder);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = StandardImageDecoderTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IOException("missing " + DIR + name);
            }
            return in.readAllBytes();
        }
    }
}
