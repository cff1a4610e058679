package io.vexpress.media.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.media.RgbImage;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image just under the decompression-bomb limit (81 megapixels, 1.1 GB as a decoded BufferedImage plus its RGB copy)
 * decodes, downscaled to what the pipeline asks for, in a child JVM with a 256 MB heap.
 */
class LargeImageDecodeTest {
    static final int SIDE = 9000; // 81,000,000 pixels < 89,478,485
    @TempDir
    static Path dir;
    static Path jpeg;

    @BeforeAll
    static void writeLargeJpeg() throws IOException {
        BufferedImage img = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40, 90, 200));
        g.fillRect(0, 0, SIDE, SIDE);
        g.setColor(new Color(230, 180, 40));
        g.fillRect(0, 0, SIDE / 2, SIDE); // left half yellow: checks the scaled picture is the picture
        g.dispose();
        jpeg = dir.resolve("huge.jpg");
        ImageIO.write(img, "jpg", jpeg.toFile());
    }

    @Test
    void decodesDownscaledInA256MegabyteHeap() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Decode.class.getName(), jpeg.toString(), "1024", "1024")
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        String[] f = last.split(" ");
        int w = Integer.parseInt(f[0]);
        int h = Integer.parseInt(f[1]);
        assertTrue(w >= 1024 && h >= 1024 && w <= 2048 && h <= 2048, "covers what was needed, no more than twice: " + last);
        assertTrue(Integer.parseInt(f[2]) > 200 && Integer.parseInt(f[4]) < 100, "left is yellow: " + last);
        assertTrue(Integer.parseInt(f[5]) < 100 && Integer.parseInt(f[7]) > 150, "right is blue: " + last);
    }

    @Test
    void smallerImagesAndCallersThatNeedEverythingGetTheFullPicture() {
        StandardImageDecoder decoder = new StandardImageDecoder();
        ImageHeader header = new ImageHeader(ImageHeader.Format.JPEG, SIDE, SIDE, 1, false, -1, 3);
        assertEquals(null, decoder.reducedSize(header, true, Integer.MAX_VALUE, Integer.MAX_VALUE));
        ImageHeader normal = new ImageHeader(ImageHeader.Format.JPEG, 4000, 3000, 1, false, -1, 3);
        assertEquals(null, decoder.reducedSize(normal, true, 1024, 1024), "12 MP photos decode exactly, as Pillow");
        int[] portrait = decoder.reducedSize(new ImageHeader(ImageHeader.Format.JPEG, 9000, 6000, 6, false, -1, 3), true, 1024, 512);
        // orientation 6 turns the stored 9000x6000 into 6000x9000 upright: the stored width must cover the needed height
        assertEquals(1536, portrait[0]);
        assertEquals(1024, portrait[1]);
    }

    /** Child JVM: decodes and prints {@code width height r g b (left) r g b (right)}. */
    public static final class Decode {
        public static void main(String[] args) {
            RgbImage image = new StandardImageDecoder().decode(Path.of(args[0]), true,
                    Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            int y = image.height() / 2;
            int left = image.width() / 4;
            int right = 3 * image.width() / 4;
            System.out.println(image.width() + " " + image.height() + " " + image.channel(left, y, 0) + " "
                    + image.channel(left, y, 1) + " " + image.channel(left, y, 2) + " " + image.channel(right, y, 0) + " "
                    + image.channel(right, y, 1) + " " + image.channel(right, y, 2));
        }
    }
}
