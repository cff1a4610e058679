package io.vexpress.core.conditioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.InvalidInputException;
import io.vexpress.core.testing.ConditioningGoldens;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class WaveformNormalizerTest {

    @Test
    void matchesWav2Vec2FeatureExtractor() {
        JsonNode golden = ConditioningGoldens.json("audio.json").get("waveform");
        float[] input = ConditioningGoldens.floats(golden.get("input"));
        float[] expected = ConditioningGoldens.floats(golden.get("normalized"));
        float[] actual = WaveformNormalizer.normalize(input);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertEquals(0, worst, 0.0); // bit for bit, numpy's float32 pairwise sums included
    }

    @Test
    void matchesAtLengthsAroundNumpysBlockAndBufferSizes() {
        for (JsonNode c : ConditioningGoldens.json("audio.json").get("waveform_formula")) {
            int n = c.get("length").asInt();
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) ((((i * 7919L) % 10007) / 10007.0 - 0.5) * 0.6 + 0.013);
            }
            float[] y = WaveformNormalizer.normalize(x);
            ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(y);
            CRC32 crc = new CRC32();
            crc.update(bytes.array());
            float[] head = ConditioningGoldens.floatArray(c.get("head"));
            assertEquals(head[0], y[0], "length " + n + " first value");
            assertEquals(c.get("crc32").asLong(), crc.getValue(), "length " + n);
        }
    }

    @Test
    void resultHasZeroMeanAndUnitVariance() {
        float[] x = new float[1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.25f + 0.1f * (float) Math.sin(i * 0.05);
        }
        float[] out = new float[x.length];
        WaveformNormalizer.normalize(x, 0, x.length, out, 0);
        double mean = 0;
        double squares = 0;
        for (float v : out) {
            mean += v;
            squares += (double) v * v;
        }
        assertEquals(0, mean / x.length, 1e-6);
        assertEquals(1, squares / x.length, 1e-4);
        // a constant signal stays finite thanks to the 1e-7
        float[] flat = WaveformNormalizer.normalize(new float[] {0.5f, 0.5f, 0.5f});
        assertEquals(0f, flat[1]);
    }

    @Test
    void rejectsEmptyAndNonFiniteAudio() {
        assertThrows(InvalidInputException.class, () -> WaveformNormalizer.normalize(new float[0]));
        assertThrows(InvalidInputException.class, () -> WaveformNormalizer.normalize(new float[] {1f, Float.NaN}));
        assertThrows(InvalidInputException.class, () -> WaveformNormalizer.normalize(null));
    }
}
