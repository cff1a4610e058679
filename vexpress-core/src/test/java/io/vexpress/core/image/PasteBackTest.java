package io.vexpress.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PasteBackTest {

    private static RgbImage noise(int w, int h, long seed) {
        byte[] rgb = new byte[w * h * 3];
        new Random(seed).nextBytes(rgb);
        return RgbImage.of(w, h, rgb);
    }

    private static RgbImage flat(int w, int h, int r, int g, int b) {
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) r;
            rgb[i + 1] = (byte) g;
            rgb[i + 2] = (byte) b;
        }
        return RgbImage.of(w, h, rgb);
    }

    /** Keeps what reaches it, as RgbImages (so the reused buffer is copied). */
    private static final class Collecting implements VideoOutput {
        VideoFormat format;
        final List<RgbImage> frames = new ArrayList<>();
        boolean committed;
        boolean closed;

        @Override
        public FrameSink open(VideoFormat f) {
            format = f;
            return new FrameSink() {
                @Override
                public void write(RgbImage frame) {
                    frames.add(frame);
                }

                @Override
                public void commit() {
                    committed = true;
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }

    @Test
    void pixelsOutsideTheBoxStayThePhotosAndTheBoxShowsTheFrame() {
        RgbImage photo = noise(301, 203, 3); // odd: the video is 300x202
        CropBox box = new CropBox(120.4, 40.7, 96, 96);
        Collecting out = new Collecting();
        try (FrameSink sink = new PasteBack(photo, box).wrap(out).open(VideoFormat.silent(64, 64, 25, 3))) {
            sink.write(flat(64, 64, 10, 20, 30));
            sink.write(flat(64, 64, 200, 100, 0));
            sink.writeRgb(64, 64, noise(64, 64, 9).toRgbBytes());
            sink.commit();
        }
        assertTrue(out.committed && out.closed);
        assertEquals(300, out.format.width());
        assertEquals(202, out.format.height());
        assertEquals(3, out.frames.size());
        for (RgbImage f : out.frames) {
            for (int y = 0; y < 202; y++) {
                for (int x = 0; x < 300; x++) {
                    boolean outside = x < 120 || x > 216 || y < 40 || y > 137;
                    if (outside) {
                        for (int c = 0; c < 3; c++) {
                            assertEquals(photo.channel(x, y, c), f.channel(x, y, c), "pixel " + x + "," + y);
                        }
                    }
                }
            }
        }
        // the middle of the box, beyond the feather (9.6 px), is the generated frame
        RgbImage second = out.frames.get(1);
        for (int y = 52; y < 126; y++) {
            for (int x = 132; x < 205; x++) {
                assertEquals(200, second.channel(x, y, 0));
                assertEquals(100, second.channel(x, y, 1));
                assertEquals(0, second.channel(x, y, 2));
            }
        }
        // across the feather the mix moves monotonically from the photo to the frame
        RgbImage grey = flat(301, 203, 0, 0, 0);
        Collecting dark = new Collecting();
        try (FrameSink sink = new PasteBack(grey, box).wrap(dark).open(VideoFormat.silent(64, 64, 25, 1))) {
            sink.write(flat(64, 64, 255, 255, 255));
            sink.commit();
        }
        int previous = -1;
        for (int x = 118; x <= 168; x++) {
            int v = dark.frames.get(0).channel(x, 88, 0);
            assertTrue(v >= previous, "monotonic at " + x);
            previous = v;
        }
        assertEquals(0, dark.frames.get(0).channel(120, 88, 0));
        assertEquals(255, dark.frames.get(0).channel(135, 88, 0));
    }

    @Test
    void boxEdgesOnOrBeyondThePhotosBorderAreNotFeathered() {
        RgbImage photo = flat(100, 80, 0, 0, 0);
        Collecting out = new Collecting();
        try (FrameSink sink = new PasteBack(photo, new CropBox(-20, -30, 100, 100)).wrap(out).open(VideoFormat.silent(50, 50, 25, 1))) {
            sink.write(flat(50, 50, 255, 255, 255));
            sink.commit();
        }
        RgbImage f = out.frames.get(0);
        assertEquals(255, f.channel(0, 0, 0), "the photo's corner lies inside the box, away from its inner edges");
        assertEquals(255, f.channel(40, 40, 0));
        assertEquals(0, f.channel(81, 40, 0), "beyond the box");
        assertTrue(f.channel(79, 40, 0) < 40, "feathered at the box's right edge, inside the photo");
    }

    @Test
    void a4000x3000PhotoIsCompositedWithoutAllocatingPerFrame() {
        RgbImage photo = noise(4000, 3000, 4);
        CropBox box = new CropBox(2400, 300, 1200, 1200);
        RgbImage generated = noise(512, 512, 5);
        byte[] gen = generated.toRgbBytes();
        long[] checksum = {0};
        VideoOutput counting = format -> new FrameSink() {
            @Override
            public void write(RgbImage frame) {
                throw new AssertionError("the photo-sized frame must come through writeRgb");
            }

            @Override
            public void writeRgb(int width, int height, byte[] rgb) {
                assertEquals(4000 * 3000 * 3, rgb.length);
                checksum[0] += rgb[(1000 * 4000 + 3000) * 3] + rgb[5];
            }

            @Override
            public void commit() {
            }

            @Override
            public void close() {
            }
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (FrameSink sink = new PasteBack(photo, box).wrap(counting).open(VideoFormat.silent(512, 512, 25, 12))) {
            sink.writeRgb(512, 512, gen); // warm-up
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10; i++) {
                sink.writeRgb(512, 512, gen);
            }
            long perFrame = (threads.getCurrentThreadAllocatedBytes() - before) / 10;
            assertTrue(perFrame < 64 * 1024, "allocated " + perFrame + " bytes per 36 MB frame");
            sink.commit();
        }
        assertTrue(checksum[0] != Long.MIN_VALUE);
    }

    @Test
    void aPhotoLargerThanTheEncoderTakesIsScaledDownWithItsBox() {
        RgbImage photo = noise(4000, 3000, 6);
        PasteBack full = new PasteBack(photo, new CropBox(2400, 300, 1200, 1200));
        assertTrue(full == full.limitedTo(12_000_000L), "within the limit: unchanged");
        PasteBack small = full.limitedTo(9_437_184L); // libopenh264's limit
        assertTrue((long) small.videoWidth() * small.videoHeight() <= 9_437_184L);
        assertEquals(3536, small.videoWidth(), "multiples of 16: OpenH264 counts whole macroblocks");
        assertEquals(2656, small.videoHeight());
        assertEquals(4.0 / 3, (double) small.videoWidth() / small.videoHeight(), 3e-3, "aspect within the 16-pixel rounding");
        assertEquals(2400 * 3536 / 4000.0, small.box().x(), 1e-9);
        assertEquals(1200 * 2656 / 3000.0, small.box().height(), 1e-9);
    }

    @Test
    void compositedPixelsUnderTheFrameMatchItsBilinearUpscale() {
        // 2x upscale of a 2x2 frame into a 4x4 box inside a larger photo, mask 1 at the box's centre
        RgbImage photo = flat(400, 400, 0, 0, 0);
        CropBox box = new CropBox(100, 100, 200, 200);
        byte[] gen = new byte[100 * 100 * 3];
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                gen[(y * 100 + x) * 3] = (byte) (2 * x);
                gen[(y * 100 + x) * 3 + 1] = (byte) (2 * y);
            }
        }
        Collecting out = new Collecting();
        try (FrameSink sink = new PasteBack(photo, box).wrap(out).open(VideoFormat.silent(100, 100, 25, 1))) {
            sink.writeRgb(100, 100, gen);
            sink.commit();
        }
        RgbImage f = out.frames.get(0);
        // output pixel x maps to frame position (x + 0.5 - 100) / 2 - 0.5; red = 2 * that, rounded
        for (int x = 130; x < 270; x++) {
            double u = (x + 0.5 - 100) / 2 - 0.5;
            assertEquals((int) Math.floor(2 * u + 0.5), f.channel(x, 200, 0), "x " + x);
        }
        assertArrayEquals(new int[] {0, 0, 0}, new int[] {f.channel(50, 50, 0), f.channel(50, 50, 1), f.channel(50, 50, 2)});
    }
}
