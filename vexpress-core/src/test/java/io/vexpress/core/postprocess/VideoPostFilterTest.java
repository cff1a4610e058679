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
import org.junit.jupiter.params.provider.ValueSource;

/** Against scipy.ndimage.median_filter on V-Express's quantised video (tools/goldens/postprocess.py). */
class VideoPostFilterTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = VideoPostFilterTest.class.getResourceAsStream("/golden/postprocess/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource golden/postprocess/" + name);
            }
            return in.readAllBytes();
        }
    }

    private static byte[] run(float[] frames, int t, int h, int w, boolean median, boolean viaBuffer) {
        List<RgbImage> out = new ArrayList<>();
        VideoPostFilter filter = new VideoPostFilter(w, h, median, out::add);
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
        assertEquals(t, out.size());
        byte[] all = new byte[t * n];
        for (int i = 0; i < t; i++) {
            out.get(i).copyRgbBytes(all, i * n);
        }
        return all;
    }

    @TestFactory
    Stream<DynamicTest> matchesScipyMedianFilterAndTruncation() throws IOException {
        JsonNode cases = new ObjectMapper().readTree(resource("cases.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = cases.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            String name = c.getKey();
            int t = c.getValue().get(0).asInt();
            int h = c.getValue().get(1).asInt();
            int w = c.getValue().get(2).asInt();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                FloatBuffer in = ByteBuffer.wrap(resource(name + ".input.f32")).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                float[] frames = new float[in.remaining()];
                in.get(frames);
                assertEquals(t * 3 * h * w, frames.length);
                byte[] quantised = resource(name + ".quantised.u8");
                byte[] filtered = resource(name + ".filtered.u8");
                assertArrayEquals(quantised, run(frames, t, h, w, false, false), name + " quantised");
                assertArrayEquals(filtered, run(frames, t, h, w, true, false), name + " filtered");
                assertArrayEquals(filtered, run(frames, t, h, w, true, true), name + " filtered (FloatBuffer)");
            }));
        }
        assertTrue(tests.size() >= 8);
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
                    VideoPostFilter filter = new VideoPostFilter(w, h, median, out::add);
                    for (int i = 0; i < t; i++) {
                        filter.pushVaeOutput(raw, i * filter.frameLength());
                    }
                    filter.finish();
                    byte[] all = new byte[t * filter.frameLength()];
                    for (int i = 0; i < t; i++) {
                        out.get(i).copyRgbBytes(all, i * filter.frameLength());
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
    void rejectsShortFrames() {
        VideoPostFilter filter = new VideoPostFilter(4, 4, true, f -> { });
        assertThrows(InvalidInputException.class, () -> filter.push(new float[47], 0));
        assertThrows(InvalidInputException.class, () -> filter.push(new float[48], 1));
    }

    /**
     * A direct 27-value sort per pixel on random frames wider than the goldens: wide noise with ties, and
     * binary frames, which by the 0-1 principle exercise the comparator networks on many 0/1 patterns.
     */
    @ParameterizedTest
    @ValueSource(ints = {256, 2, 3})
    void equalsBruteForceMedianOnNoise(int levels) {
        int w = 37;
        int h = 11;
        int t = 4;
        Random random = new Random(7 + levels);
        byte[][] frames = new byte[t][3 * w * h];
        for (byte[] f : frames) {
            for (int i = 0; i < f.length; i++) {
                f[i] = (byte) (levels == 256 && random.nextInt(4) == 0 ? 128 : random.nextInt(levels) * (255 / (levels - 1)));
            }
        }
        MedianFilter3x3x3 filter = new MedianFilter3x3x3(w, h);
        byte[] out = new byte[3 * w * h];
        int[] window = new int[27];
        for (int k = 0; k < t; k++) {
            filter.filter(frames[Math.max(k - 1, 0)], frames[k], frames[Math.min(k + 1, t - 1)], out);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int n = 0;
                        for (int dt = -1; dt <= 1; dt++) {
                            for (int dy = -1; dy <= 1; dy++) {
                                for (int dx = -1; dx <= 1; dx++) {
                                    byte[] f = frames[Math.min(Math.max(k + dt, 0), t - 1)];
                                    int yy = Math.min(Math.max(y + dy, 0), h - 1);
                                    int xx = Math.min(Math.max(x + dx, 0), w - 1);
                                    window[n++] = f[c * w * h + yy * w + xx] & 0xFF;
                                }
                            }
                        }
                        Arrays.sort(window);
                        assertEquals(window[13], out[(y * w + x) * 3 + c] & 0xFF, "t" + k + " c" + c + " y" + y + " x" + x);
                    }
                }
            }
        }
    }
}
