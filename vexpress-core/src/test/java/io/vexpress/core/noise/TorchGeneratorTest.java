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

    /**
     * torch has two CPU kernels for float32 tensors of 16 or more elements (tools/goldens/diffusion.py draws with
     * each): the scalar kernel (glibc's logf/sinf/cosf) and the AVX2 kernel torch runs on AVX2 and AVX-512 CPUs
     * (vectorised approximations). They are up to 2.5e-6 apart. TorchGenerator computes the scalar kernel's
     * formula with correctly rounded log/sin/cos: within 3 ulp (2.4e-7) of it, within 2.5e-6 of the AVX2 kernel.
     * Everything else (float16 at any size, float32 below 16 elements) is bit-exact with both.
     */
    static final double AVX2_FLOAT32_TOLERANCE = 2.6e-6;
    static final double SCALAR_FLOAT32_TOLERANCE = 3e-7;

    @Test
    void matchesTorchRandnForEverySizeSeedAndDtype() {
        int checked = 0;
        double worstAvx2 = 0;
        for (JsonNode rec : DiffusionGoldens.load("randn.json")) {
            if (!rec.has("shape")) {
                continue;
            }
            Precision dtype = precision(rec);
            long seed = rec.get("seed").asLong();
            int[] shape = DiffusionGoldens.ints(rec.get("shape"));
            FloatTensor t = FloatTensor.zeros(shape);
            new TorchGenerator(seed, dtype).randn(t, dtype);
            float[] scalar = DiffusionGoldens.floats(rec.get("values"));
            float[] avx2 = DiffusionGoldens.floats(rec.get("values_avx2"));
            String name = dtype + " seed " + seed + " size " + t.size();
            int[] idx = rec.has("indices") ? DiffusionGoldens.ints(rec.get("indices")) : null;
            for (int k = 0; k < scalar.length; k++) {
                int i = idx == null ? k : idx[k];
                assertNearScalar(scalar[k], t.get(i), dtype, t.size(), name + " [" + i + "]");
                worstAvx2 = Math.max(worstAvx2, assertNearAvx2(avx2[k], t.get(i), dtype, t.size(), name + " [" + i + "]"));
            }
            if (idx != null) {
                double sum = 0;
                double squares = 0;
                for (int i = 0; i < t.size(); i++) {
                    sum += t.get(i);
                    squares += (double) t.get(i) * t.get(i);
                }
                assertEquals(rec.get("sum").asDouble(), sum, SCALAR_FLOAT32_TOLERANCE * t.size(), name + " sum");
                assertEquals(rec.get("sum_squares").asDouble(), squares, 4 * SCALAR_FLOAT32_TOLERANCE * t.size(),
                        name + " sum of squares");
                assertTrue(rec.get("max_abs_avx2_difference").asDouble() <= AVX2_FLOAT32_TOLERANCE, name);
            }
            checked++;
        }
        assertEquals(48, checked);
        assertTrue(worstAvx2 > 1e-7, "the goldens must show the AVX2 kernel's float32 difference, found " + worstAvx2);
    }

    private static void assertNearScalar(float scalar, float actual, Precision dtype, int size, String what) {
        if (dtype == Precision.FP16 || size < 16) {
            assertEquals(scalar, actual, what + " must equal torch's value bit for bit");
        } else {
            assertTrue(Math.abs((double) scalar - actual) <= SCALAR_FLOAT32_TOLERANCE,
                    what + ": " + scalar + " (scalar kernel) vs " + actual);
        }
    }

    /** Below 16 elements and in float16 both kernels agree bit for bit; float32 at 16+ elements within tolerance. */
    private static double assertNearAvx2(float avx2, float actual, Precision dtype, int size, String what) {
        double d = Math.abs((double) avx2 - actual);
        if (dtype == Precision.FP16 || size < 16) {
            assertEquals(avx2, actual, what + ": torch's AVX2 kernel must give the same value");
        } else {
            assertTrue(d <= AVX2_FLOAT32_TOLERANCE, what + ": " + avx2 + " (AVX2 kernel) vs " + actual);
        }
        return d;
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
                float[] avx2 = DiffusionGoldens.floats(rec.get("values_avx2").get(s));
                float[] actual = g.randn(sizes[s], dtype);
                for (int i = 0; i < expected.length; i++) {
                    String what = dtype + " draw " + s + " [" + i + "]";
                    assertNearScalar(expected[i], actual[i], dtype, sizes[s], what);
                    assertNearAvx2(avx2[i], actual[i], dtype, sizes[s], what);
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
