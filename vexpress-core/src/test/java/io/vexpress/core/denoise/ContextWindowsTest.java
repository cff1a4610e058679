package io.vexpress.core.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.golden.DiffusionGoldens;
import org.junit.jupiter.api.Test;

class ContextWindowsTest {

    @Test
    void reproducesVExpressUniformSchedulerAndCoverage() {
        int cases = 0;
        boolean sawFoldBack = false;
        for (JsonNode c : DiffusionGoldens.load("windows.json")) {
            int frames = c.get("frames").asInt();
            ContextWindows w = ContextWindows.uniform(frames, c.get("size").asInt(), c.get("overlap").asInt());
            String name = c.toString().substring(0, Math.min(60, c.toString().length()));
            assertEquals(c.get("windows").size(), w.count(), name);
            for (int k = 0; k < w.count(); k++) {
                int[] expected = DiffusionGoldens.ints(c.get("windows").get(k));
                assertArrayEquals(expected, w.window(k), name + " window " + k);
                sawFoldBack |= java.util.Arrays.stream(expected).distinct().count() < expected.length;
            }
            int[] coverage = DiffusionGoldens.ints(c.get("coverage"));
            for (int f = 0; f < frames; f++) {
                assertEquals(coverage[f], w.coverage(f), name + " coverage " + f);
            }
            cases++;
        }
        assertTrue(cases > 300);
        assertTrue(sawFoldBack, "the goldens must include fold-back windows");
    }

    @Test
    void tilingLengthsHaveNoFoldBack() {
        // 24/4 with 3 windows: 64 frames, windows at 0, 20, 40
        ContextWindows w = ContextWindows.uniform(64, 24, 4);
        assertEquals(3, w.count());
        assertEquals(40, w.window(2)[0]);
        assertEquals(63, w.window(2)[23]);
        assertEquals(2, w.coverage(20));
        assertEquals(1, w.coverage(19));
        assertEquals(1, w.lastWindow(23));
        assertEquals(1, w.lastWindow(39));
        assertEquals(2, w.lastWindow(40));
    }

    @Test
    void rejectsBadSizes() {
        assertThrows(IllegalArgumentException.class, () -> ContextWindows.uniform(0, 24, 4));
        assertThrows(IllegalArgumentException.class, () -> ContextWindows.uniform(30, 4, 4));
        assertThrows(IllegalArgumentException.class, () -> ContextWindows.uniform(30, 4, -1));
    }
}
