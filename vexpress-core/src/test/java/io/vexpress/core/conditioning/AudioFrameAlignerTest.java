package io.vexpress.core.conditioning;

import static io.vexpress.core.conditioning.LinearResamplerTest.assertBitExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.InvalidInputException;
import io.vexpress.core.conditioning.LinearResampler.Arithmetic;
import io.vexpress.core.testing.ConditioningGoldens;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AudioFrameAlignerTest {

    @Test
    void matchesPrepareAudioEmbeddingsBitForBit() {
        for (JsonNode c : ConditioningGoldens.json("audio.json").get("cases")) {
            int rows = c.get("rows").asInt();
            int width = c.get("width").asInt();
            int videoLength = c.get("video_length").asInt();
            int pad = c.get("num_pad").asInt();
            AudioFrameAligner aligner = new AudioFrameAligner(ConditioningGoldens.floats(c.get("hidden")), rows, width,
                    videoLength, pad, Arithmetic.TORCH_1_13);
            assertEquals(c.get("shape").get(1).asInt(), aligner.tokensPerFrame());
            assertBitExact(ConditioningGoldens.floats(c.get("tokens")), aligner.allTokens(),
                    rows + "x" + width + " to " + videoLength + " frames, pad " + pad);
        }
    }

    @Test
    void windowsEqualSlicesOfTheWholeClip() {
        float[] hidden = LinearResamplerTest.torch2Input(37, 6);
        AudioFrameAligner aligner = new AudioFrameAligner(hidden, 37, 6, 24, 2);
        float[] all = aligner.allTokens();
        int per = aligner.valuesPerFrame();
        assertEquals(10 * 6, per);
        int[] window = {20, 21, 22, 23, 0, 1, 2, 3};
        float[] dst = new float[3 + window.length * per];
        aligner.windowTokens(window, dst, 3);
        FloatBuffer direct = ByteBuffer.allocateDirect(4 * (5 + window.length * per)).order(ByteOrder.nativeOrder()).asFloatBuffer();
        aligner.windowTokens(window, direct, 5);
        for (int k = 0; k < window.length; k++) {
            float[] expected = Arrays.copyOfRange(all, window[k] * per, window[k] * per + per);
            assertArrayEquals(expected, Arrays.copyOfRange(dst, 3 + k * per, 3 + k * per + per));
            float[] fromBuffer = new float[per];
            direct.get(5 + k * per, fromBuffer);
            assertArrayEquals(expected, fromBuffer);
        }
        assertEquals(0, direct.position());
    }

    @Test
    void firstAndLastFramesSeeTheZeroPadding() {
        float[] hidden = new float[8 * 3];
        Arrays.fill(hidden, 1f);
        AudioFrameAligner aligner = new AudioFrameAligner(hidden, 8, 3, 5, 2);
        float[] first = new float[aligner.valuesPerFrame()];
        aligner.frameTokens(0, first, 0);
        // rows 0..3 are padding, rows 4..9 the resampled signal
        for (int t = 0; t < 10; t++) {
            assertEquals(t < 4 ? 0f : 1f, first[t * 3], "token " + t);
        }
        float[] last = new float[aligner.valuesPerFrame()];
        aligner.frameTokens(4, last, 0);
        for (int t = 0; t < 10; t++) {
            assertEquals(t < 6 ? 1f : 0f, last[t * 3], "token " + t);
        }
    }

    @Test
    void rejectsInconsistentShapes() {
        assertThrows(InvalidInputException.class, () -> new AudioFrameAligner(new float[10], 3, 4, 5, 2));
        assertThrows(InvalidInputException.class, () -> new AudioFrameAligner(new float[12], 3, 4, 0, 2));
        assertThrows(InvalidInputException.class, () -> new AudioFrameAligner(new float[12], 3, 4, 5, -1));
        assertThrows(InvalidInputException.class, () -> new AudioFrameAligner(null, 3, 4, 5, 2));
        AudioFrameAligner ok = new AudioFrameAligner(new float[12], 3, 4, 5, 2);
        assertThrows(IndexOutOfBoundsException.class, () -> ok.frameTokens(5, new float[40], 0));
        assertThrows(InvalidInputException.class, () -> ok.windowTokens(new int[] {0, 1}, new float[79], 0));
    }
}
