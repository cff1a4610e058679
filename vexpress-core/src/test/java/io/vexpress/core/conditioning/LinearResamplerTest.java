package io.vexpress.core.conditioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.InvalidInputException;
import io.vexpress.core.conditioning.LinearResampler.Arithmetic;
import io.vexpress.core.testing.ConditioningGoldens;
import org.junit.jupiter.api.Test;

class LinearResamplerTest {

    @Test
    void matchesTorch113InterpolateBitForBit() {
        for (JsonNode c : ConditioningGoldens.json("interpolation.json").get("cases")) {
            int in = c.get("in_len").asInt();
            int out = c.get("out_len").asInt();
            float[] actual = new LinearResampler(in, out, Arithmetic.TORCH_1_13)
                    .resample(ConditioningGoldens.floats(c.get("input")), c.get("channels").asInt());
            assertBitExact(ConditioningGoldens.floats(c.get("output")), actual, "torch 1.13 " + in + "->" + out);
        }
    }

    @Test
    void matchesTorch2InterpolateOnCpuAndCudaBitForBit() {
        JsonNode golden = ConditioningGoldens.json("torch2_interp.json");
        JsonNode cases = golden.get("cases");
        for (int k = 0; k < cases.size(); k++) {
            int rows = cases.get(k).get(0).asInt();
            int out = cases.get(k).get(1).asInt();
            int channels = cases.get(k).get(2).asInt();
            float[] actual = new LinearResampler(rows, out).resample(torch2Input(rows, channels), channels);
            assertBitExact(ConditioningGoldens.floats(golden.get("cpu").get(k)), actual, "torch 2 CPU " + rows + "->" + out);
            assertBitExact(ConditioningGoldens.floats(golden.get("cuda").get(k)), actual, "torch 2 CUDA " + rows + "->" + out);
        }
    }

    @Test
    void singleRowsEqualTheWholeOutput() {
        float[] src = torch2Input(7, 3);
        LinearResampler r = new LinearResampler(7, 19);
        float[] whole = r.resample(src, 3);
        float[] row = new float[3];
        for (int t = 0; t < 19; t++) {
            r.resampleRow(src, 0, 3, t, row, 0);
            for (int c = 0; c < 3; c++) {
                assertEquals(whole[t * 3 + c], row[c]);
            }
        }
    }

    @Test
    void sameLengthIsTheIdentityAndOneRowIsRepeated() {
        float[] src = torch2Input(5, 2);
        float[] same = new LinearResampler(5, 5).resample(src, 2);
        assertBitExact(src, same, "identity");
        float[] repeated = new LinearResampler(1, 4).resample(new float[] {3.5f, -2f}, 2);
        assertBitExact(new float[] {3.5f, -2f, 3.5f, -2f, 3.5f, -2f, 3.5f, -2f}, repeated, "repeat");
    }

    @Test
    void rejectsEmptyLengths() {
        assertThrows(InvalidInputException.class, () -> new LinearResampler(0, 4));
        assertThrows(InvalidInputException.class, () -> new LinearResampler(4, 0));
        assertThrows(InvalidInputException.class, () -> new LinearResampler(4, 2).resample(new float[7], 2));
    }

    /** The input formula of tools/goldens/conditioning_torch2.py. */
    static float[] torch2Input(int rows, int channels) {
        float[] x = new float[rows * channels];
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < channels; k++) {
                x[i * channels + k] = (float) (((i * 7919L + k * 104729L) % 10007) / 37.0 - 135.2);
            }
        }
        return x;
    }

    static void assertBitExact(float[] expected, float[] actual, String what) {
        int diff = ConditioningGoldens.firstDifference(expected, actual);
        assertEquals(-1, diff, () -> what + " differs at " + diff + ": expected "
                + (diff < expected.length ? expected[diff] : "end") + ", got " + (diff < actual.length ? actual[diff] : "end"));
    }
}
