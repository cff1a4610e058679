package io.vexpress.core.conditioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * The two rounding modes on real keypoints (docs/conditioning.md quotes these numbers): the three sample
     * sequences aligned to every length from 1 to 1800 frames differ, but by at most a few ulp, 6.1e-5 px.
     */
    @Test
    void torch2AndTorch113Rounding() {
        JsonNode sequences = ConditioningGoldens.json("keypoints.json").get("sequences");
        double worst = 0;
        int worstUlp = 0;
        long differing = 0;
        long values = 0;
        for (String name : new String[] {"AOC", "tys", "10"}) {
            float[] xy = ConditioningGoldens.floats(sequences.get(name).get("xy"));
            int frames = xy.length / 6;
            for (int length = 1; length <= 1800; length++) {
                float[] torch2 = new LinearResampler(frames, length, Arithmetic.TORCH_2).resample(xy, 6);
                float[] torch113 = new LinearResampler(frames, length, Arithmetic.TORCH_1_13).resample(xy, 6);
                for (int i = 0; i < torch2.length; i++) {
                    double d = Math.abs((double) torch2[i] - torch113[i]);
                    worst = Math.max(worst, d);
                    worstUlp = Math.max(worstUlp, Math.abs(Float.floatToIntBits(torch2[i]) - Float.floatToIntBits(torch113[i])));
                    differing += d > 0 ? 1 : 0;
                }
                values += torch2.length;
            }
        }
        System.out.printf("TORCH_2 vs TORCH_1_13 on the sample keypoints: %d of %d values differ, by up to %d ulp (%.3g px)%n",
                differing, values, worstUlp, worst);
        assertTrue(differing > values / 10, "the modes really differ: " + differing);
        assertTrue(worstUlp <= 4 && worst <= 6.2e-5, worstUlp + " ulp, " + worst + " px");
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
