package io.vexpress.core.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.Precision;
import io.vexpress.core.golden.DiffusionGoldens;
import io.vexpress.core.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

class TorchGeneratorTest {

    private static Precision precision(JsonNode rec) {
        return rec.get("dtype").asText().equals("float16") ? Precision.FP16 : Precision.FP32;
    }

    @Test
    void matchesTorchRandnForEverySizeSeedAndDtype() {
        int checked = 0;
        for (JsonNode rec : DiffusionGoldens.load("randn.json")) {
            if (!rec.has("shape")) {
                continue;
            }
            Precision dtype = precision(rec);
            long seed = rec.get("seed").asLong();
            int[] shape = DiffusionGoldens.ints(rec.get("shape"));
            FloatTensor t = FloatTensor.zeros(shape);
            new TorchGenerator(seed, dtype).randn(t, dtype);
            float[] expected = DiffusionGoldens.floats(rec.get("values"));
            String name = dtype + " seed " + seed + " size " + t.size();
            if (rec.has("indices")) {
                int[] idx = DiffusionGoldens.ints(rec.get("indices"));
                double sum = 0;
                double squares = 0;
                for (int i = 0; i < t.size(); i++) {
                    sum += t.get(i);
                    squares += (double) t.get(i) * t.get(i);
                }
                for (int k = 0; k < idx.length; k++) {
                    assertClose(expected[k], t.get(idx[k]), dtype, name + " [" + idx[k] + "]");
                }
                assertEquals(rec.get("sum").asDouble(), sum, 2e-6 * t.size() / 100, name + " sum");
                assertEquals(rec.get("sum_squares").asDouble(), squares, 4e-6 * t.size() / 100, name + " sumsq");
            } else {
                for (int i = 0; i < expected.length; i++) {
                    if (t.size() < 16) {
                        assertEquals(expected[i], t.get(i), name + " [" + i + "] must be bit-exact");
                    } else {
                        assertClose(expected[i], t.get(i), dtype, name + " [" + i + "]");
                    }
                }
            }
            checked++;
        }
        assertEquals(48, checked);
    }

    private static void assertClose(float expected, float actual, Precision dtype, String what) {
        // float16: torch uses the scalar kernel reproduced here, so the halves are identical; float32 at 16+
        // elements: torch's AVX2 kernel approximates log/sin/cos (about 2e-6 apart from the scalar kernel)
        if (dtype == Precision.FP16) {
            assertEquals(expected, actual, what);
            return;
        }
        double tol = 2e-6;
        assertTrue(Math.abs(expected - actual) <= tol, what + ": " + expected + " vs " + actual);
    }

    @Test
    void consecutiveDrawsContinueTheSameStream() {
        for (JsonNode rec : DiffusionGoldens.load("randn.json")) {
            if (!rec.has("sequence")) {
                continue;
            }
            Precision dtype = precision(rec);
            TorchGenerator g = new TorchGenerator(rec.get("seed").asLong(), dtype);
            int[] sizes = DiffusionGoldens.ints(rec.get("sequence"));
            for (int s = 0; s < sizes.length; s++) {
                float[] expected = DiffusionGoldens.floats(rec.get("values").get(s));
                float[] actual = g.randn(sizes[s], dtype);
                for (int i = 0; i < expected.length; i++) {
                    if (sizes[s] < 16) {
                        assertEquals(expected[i], actual[i], dtype + " draw " + s + " [" + i + "]");
                    } else {
                        assertClose(expected[i], actual[i], dtype, dtype + " draw " + s + " [" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void halfRoundingIsNearestEven() {
        assertEquals(1.0f, Float16.round(1.0f + 0x1p-11f)); // tie -> even
        assertEquals(1.0f + 0x1p-9f, Float16.round(1.0f + 0x1p-10f + 0x1p-11f)); // tie -> even (up)
        assertEquals(65504f, Float16.round(65519f));
        assertEquals(Float.POSITIVE_INFINITY, Float16.round(65520f));
        assertEquals(0x1p-24f, Float16.round(0x1p-24f));
        assertEquals(0f, Float16.round(0x1p-26f));
    }
}
