package io.vexpress.core.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.testing.ConditioningGoldens;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OpenCvRasterTest {

    @Test
    void sineTableHasOpenCvsSevenDecimals() {
        // cv2.ellipse2Poly((0, 0), (1e7, 1e7), 0, 0, 360, 1) yields round(1e7 * SinTable[...]).
        int[] points = ConditioningGoldens.intArray(ConditioningGoldens.json("ellipse2poly.json").get("sin_table_e7_points"));
        int[] ours = new int[2 * 362];
        int n = OpenCvRaster.ellipse2Poly(0, 0, 10_000_000, 10_000_000, 0, 0, 360, 1, ours);
        assertArrayEquals(points, Arrays.copyOf(ours, 2 * n));
        for (int deg = 0; deg <= 90; deg++) {
            assertEquals(points[2 * deg + 1], Math.round(1e7 * (double) OpenCvRaster.sinTable(deg)), "degree " + deg);
        }
    }

    @Test
    void ellipse2PolyMatchesOpenCv() {
        int[] buffer = new int[2 * 362];
        for (JsonNode c : ConditioningGoldens.json("ellipse2poly.json").get("cases")) {
            int n = OpenCvRaster.ellipse2Poly(c.get("center").get(0).asInt(), c.get("center").get(1).asInt(),
                    c.get("axes").get(0).asInt(), c.get("axes").get(1).asInt(), c.get("angle").asInt(), 0, 360, 1, buffer);
            assertArrayEquals(ConditioningGoldens.intArray(c.get("points")), Arrays.copyOf(buffer, 2 * n),
                    () -> "center " + c.get("center") + " axes " + c.get("axes") + " angle " + c.get("angle"));
        }
    }

    @Test
    void clipLineKeepsInsideSegmentsAndRejectsOutsideOnes() {
        long[] inside = {1, 2, 30, 40};
        assertEquals(true, OpenCvRaster.clipLine(64, 48, inside));
        assertArrayEquals(new long[] {1, 2, 30, 40}, inside);
        long[] outside = {-10, -5, -1, -20};
        assertEquals(false, OpenCvRaster.clipLine(64, 48, outside));
        long[] crossing = {-10, 10, 100, 10};
        assertEquals(true, OpenCvRaster.clipLine(64, 48, crossing));
        assertArrayEquals(new long[] {0, 10, 63, 10}, crossing);
    }
}
