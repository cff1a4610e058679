package io.vexpress.core.conditioning;

import static io.vexpress.core.conditioning.LinearResamplerTest.assertBitExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.InvalidInputException;
import io.vexpress.core.conditioning.LinearResampler.Arithmetic;
import io.vexpress.core.testing.ConditioningGoldens;
import io.vexpress.keypoints.KeypointSequence;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeypointAlignerTest {

    @Test
    void matchesInferencePyOnSampleAndSyntheticSequences() {
        JsonNode golden = ConditioningGoldens.json("keypoints.json");
        int cases = 0;
        for (JsonNode c : golden.get("cases")) {
            JsonNode seq = golden.get("sequences").get(c.get("sequence").asText());
            KeypointSequence driving = KeypointSequence.of(ConditioningGoldens.floats(seq.get("xy")));
            int videoLength = c.get("video_length").asInt();
            KeypointSequence aligned = KeypointAligner.align(driving, videoLength, Arithmetic.TORCH_1_13);
            assertEquals(videoLength, aligned.frameCount());
            assertBitExact(ConditioningGoldens.floats(c.get("aligned")), aligned.toArray(),
                    c.get("sequence").asText() + " to " + videoLength);
            cases++;
        }
        assertEquals(20, cases);
    }

    @Test
    void truncatesLongerSequencesWithoutResampling() {
        float[] xy = new float[10 * 6];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = i * 0.37f;
        }
        KeypointSequence aligned = KeypointAligner.align(KeypointSequence.of(xy), 4);
        assertBitExact(Arrays.copyOf(xy, 24), aligned.toArray(), "truncation");
    }

    @Test
    void stretchesShorterSequences() {
        KeypointSequence two = KeypointSequence.of(new float[] {0, 0, 0, 0, 0, 0, 4, 8, 4, 8, 4, 8});
        KeypointSequence four = KeypointAligner.align(two, 4);
        // torch: positions -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to the last frame)
        assertEquals(0f, four.get(0, 0, 0));
        assertEquals(1f, four.get(1, 0, 0));
        assertEquals(3f, four.get(2, 0, 0));
        assertEquals(4f, four.get(3, 0, 0));
        assertEquals(6f, four.get(2, 2, 1));
    }

    @Test
    void rejectsMissingSequenceAndEmptyVideo() {
        assertThrows(InvalidInputException.class, () -> KeypointAligner.align(null, 3));
        KeypointSequence one = KeypointSequence.of(new float[6]);
        assertThrows(InvalidInputException.class, () -> KeypointAligner.align(one, 0));
    }
}
