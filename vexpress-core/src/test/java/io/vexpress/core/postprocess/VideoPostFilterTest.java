package io.vexpress.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.InvalidInputException;
import io.vexpress.media.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against V-Express's own {@code median_filter_3d} and {@code save_video} quantisation, run from its checkout
 * (tools/goldens/postprocess.py), and against a direct sort of the 27 values with torch's reflect borders.
 */
class VideoPostFilterTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = VideoPostFilterTest.class.getResourceAsStream("/golden/postprocess/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource golden/postprocess/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] run(float[] frames, int t, int h, int w, boolean median, boolean viaBuffer, int threads) {
        List<RgbImage> out = new ArrayList<>();
        try (VideoPostFilter filter = new VideoPostFilter(w, h, median, threads, out::add)) {
            int n = filter.frameLength();
            FloatBuffer buffer = FloatBuffer.wrap(frames);
            for (int i = 0; i < t; i++) {
                if (viaBuffer) {
                    buffer.position(i * n);
                    filter.push(buffer);
                } else {
                    filter.push(frames, i * n);
                }
            }
            filter.finish();
        }
        assertEquals(t, out.size());
        int n = 3 * w * h;
        byte[] all = new byte[t * n];
        for (int i = 0; i < t; i++) {
            out.get(i).copyRgbBytes(all, i * n);
        }
        return all;
    }

    @TestFactory
    Stream<DynamicTest> matchesVExpressMedianFilter3dAndTruncation() throws IOException {
        JsonNode cases = new ObjectMapper().readTree(resource("cases.json")).get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            String name = c.getKey();
            JsonNode shape = c.getValue().get("shape");
            int t = shape.get(0).asInt();
            int h = shape.get(1).asInt();
            int w = shape.get(2).asInt();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                FloatBuffer in = ByteBuffer.wrap(resource(name + ".input.f32")).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                float[] frames = new float[in.remaining()];
                in.get(frames);
                assertEquals(t * 3 * h * w, frames.length);
                byte[] quantised = resource(name + ".quantised.u8");
                byte[] filtered = resource(name + ".filtered.u8");
                assertArrayEquals(quantised, run(frames, t, h, w, false, false, 1), name + " quantised");
                assertArrayEquals(filtered, run(frames, t, h, w, true, false, 1), name + " filtered");
                assertArrayEquals(filtered, run(frames, t, h, w, true, true, 1), name + " filtered (FloatBuffer)");
                assertArrayEquals(filtered, run(frames, t, h, w, true, false, 3), name + " filtered (3 row threads)");
            }));
        }
        assertTrue(tests.size() >= 20);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> mapsRawVaeOutputLikeDecodeLatents() throws IOException {
        JsonNode cases = new ObjectMapper().readTree(resource("vae_cases.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            String name = c.getKey();
            int t = c.getValue().get(0).asInt();
            int h = c.getValue().get(1).asInt();
            int w = c.getValue().get(2).asInt();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                FloatBuffer in = ByteBuffer.wrap(resource(name + ".vae.f32")).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                float[] raw = new float[in.remaining()];
                in.get(raw);
                for (boolean median : new boolean[] {false, true}) {
                    List<RgbImage> out = new ArrayList<>();
                    int n = 3 * w * h;
                    try (VideoPostFilter filter = new VideoPostFilter(w, h, median, out::add)) {
                        for (int i = 0; i < t; i++) {
                            filter.pushVaeOutput(raw, i * n);
                        }
                        filter.finish();
                    }
                    byte[] all = new byte[t * n];
                    for (int i = 0; i < t; i++) {
                        out.get(i).copyRgbBytes(all, i * n);
                    }
                    assertArrayEquals(resource(name + (median ? ".filtered.u8" : ".quantised.u8")), all, name + " median=" + median);
                }
            }));
        }
        assertEquals(2, tests.size());
        return tests.stream();
    }

    @Test
    void filtersWithOneFrameOfLag() {
        List<RgbImage> out = new ArrayList<>();
        VideoPostFilter filter = new VideoPostFilter(4, 3, true, out::add);
        float[] frame = new float[filter.frameLength()];
        filter.push(frame, 0);
        assertEquals(0, out.size());
        filter.push(frame, 0);
        assertEquals(1, out.size());
        filter.finish();
        assertEquals(2, out.size());
        assertThrows(IllegalStateException.class, () -> filter.push(frame, 0));
    }

    @Test
    void emptyVideoEmitsNothing() {
        List<RgbImage> out = new ArrayList<>();
        new VideoPostFilter(4, 3, true, out::add).finish();
        assertEquals(0, out.size());
    }

    @Test
    void unfilteredFramesComeOutAtOnce() {
        List<RgbImage> out = new ArrayList<>();
        VideoPostFilter filter = new VideoPostFilter(2, 1, false, out::add);
        filter.push(new float[] {0f, 1f, 0.5f, 0.999f, 2f, Float.NaN}, 0); // R, R, G, G, B, B planes
        assertEquals(1, out.size());
        RgbImage img = out.get(0);
        assertEquals(0, img.channel(0, 0, 0));
        assertEquals(255, img.channel(1, 0, 0));
        assertEquals(127, img.channel(0, 0, 1)); // 127.5 truncated
        assertEquals(254, img.channel(1, 0, 1)); // 254.745 truncated
        assertEquals(255, img.channel(0, 0, 2)); // out of range saturates
        assertEquals(0, img.channel(1, 0, 2)); // NaN becomes 0
    }

    @Test
    void rejectsShortFramesAndBadThreadCounts() {
        VideoPostFilter filter = new VideoPostFilter(4, 4, true, f -> { });
        assertThrows(InvalidInputException.class, () -> filter.push(new float[47], 0));
        assertThrows(InvalidInputException.class, () -> filter.push(new float[48], 1));
        assertThrows(InvalidInputException.class, () -> new VideoPostFilter(4, 4, true, 0, f -> { }));
    }

    /**
     * A direct sort of the 27 values per pixel (torch's reflect borders: index -1 reads 1, n reads n-2) on
     * random frames of sizes around the filter's 32-pixel words and chunks: noise with many ties, and frames of
     * two and three levels, through one and several threads.
     */
    @ParameterizedTest
    @CsvSource({"256, 37, 11, 4, 1", "2, 37, 11, 4, 2", "3, 37, 11, 3, 1", "256, 62, 5, 2, 1", "256, 63, 4, 3, 2",
            "256, 64, 3, 3, 1", "256, 65, 6, 2, 4", "256, 126, 3, 2, 1", "4, 127, 3, 3, 2", "256, 129, 2, 2, 1",
            "256, 200, 9, 3, 3", "256, 2, 2, 2, 1", "256, 3, 70, 2, 2",
            // the vectorised median: a single pixel, tiny frames, words of 32 cut off, whole 512-wide rows
            // split over columns between threads, ties (3 levels), bands of one or two columns, and bands longer
            // than one chunk of the median (1024 positions: 16 columns of 72, 5 of 252)
            "256, 1, 1, 3, 1", "3, 1, 1, 2, 2", "256, 2, 3, 3, 1", "3, 2, 3, 4, 2", "256, 65, 7, 3, 1",
            "3, 65, 7, 3, 2", "256, 33, 5, 2, 2", "256, 512, 3, 3, 2", "3, 512, 4, 3, 1", "256, 512, 2, 2, 3",
            "256, 512, 70, 2, 1", "3, 300, 250, 2, 2"})
    void equalsSortedWindowsOnNoise(int levels, int w, int h, int t, int threads) {
        Random random = new Random(7L * levels + w * 31L + h);
        float[][] frames = new float[t][3 * w * h];
        for (float[] f : frames) {
            for (int i = 0; i < f.length; i++) {
                int level = levels == 256 && random.nextInt(4) == 0 ? 128 : random.nextInt(levels) * (255 / (levels - 1));
                f[i] = level / 255f;
            }
        }
        float[] all = new float[t * 3 * w * h];
        for (int k = 0; k < t; k++) {
            System.arraycopy(frames[k], 0, all, k * 3 * w * h, 3 * w * h);
        }
        byte[] out = run(all, t, h, w, true, false, threads);
        int[] window = new int[27];
        for (int k = 0; k < t; k++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int n = 0;
                        for (int dt = -1; dt <= 1; dt++) {
                            for (int dy = -1; dy <= 1; dy++) {
                                for (int dx = -1; dx <= 1; dx++) {
                                    float[] f = frames[reflect(k + dt, t)];
                                    window[n++] = FrameQuantiser.quantise(f[(c * h + reflect(y + dy, h)) * w + reflect(x + dx, w)]);
                                }
                            }
                        }
                        Arrays.sort(window);
                        assertEquals(window[13], out[((k * h + y) * w + x) * 3 + c] & 0xFF,
                                "t" + k + " c" + c + " y" + y + " x" + x);
                    }
                }
            }
        }
    }

    /** torch's 'reflect' padding: -1 reads 1 and n reads n-2; a single sample reads itself. */
    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        return i < 0 ? -i : (i >= n ? 2 * n - 2 - i : i);
    }

    /** torch.median gives NaN for a window holding one, and numpy's uint8 cast 0; frames reusing its buffer are clean. */
    @Test
    void aNaNZeroesEveryWindowItIsIn() {
        int w = 70;
        int h = 5;
        int t = 6;
        int n = 3 * w * h;
        float[] frames = new float[t * n];
        Arrays.fill(frames, 0.5f);
        frames[n + (2 * h + 2) * w + 66] = Float.NaN; // frame 1, blue, y 2, x 66
        byte[] out = run(frames, t, h, w, true, false, 2);
        for (int k = 0; k < t; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int c = 0; c < 3; c++) {
                        boolean near = k <= 2 && c == 2 && Math.abs(y - 2) <= 1 && Math.abs(x - 66) <= 1;
                        assertEquals(near ? 0 : 127, out[((k * h + y) * w + x) * 3 + c] & 0xFF,
                                "t" + k + " y" + y + " x" + x + " c" + c);
                    }
                }
            }
        }
    }
}
