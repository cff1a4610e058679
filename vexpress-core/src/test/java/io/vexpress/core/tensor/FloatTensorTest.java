package io.vexpress.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

class FloatTensorTest {

    /** [1, 2, 4, 1, 2]: value = 100 * channel + 10 * frame + x. */
    private static FloatTensor video() {
        FloatTensor t = FloatTensor.zeros(1, 2, 4, 1, 2);
        for (int c = 0; c < 2; c++) {
            for (int f = 0; f < 4; f++) {
                for (int x = 0; x < 2; x++) {
                    t.set(((c * 4) + f) * 2 + x, 100 * c + 10 * f + x);
                }
            }
        }
        return t;
    }

    @Test
    void directNativeOrderBufferForOnnxRuntime() {
        FloatTensor t = FloatTensor.zeros(2, 3);
        FloatBuffer b = t.buffer();
        assertTrue(b.isDirect());
        assertEquals(ByteOrder.nativeOrder(), b.order());
        assertEquals(0, b.position());
        assertEquals(6, b.remaining());
        b.put(4, 7f);
        assertEquals(7f, t.get(4));
        assertArrayEquals(new long[] {2, 3}, t.longShape());
    }

    @Test
    void gatherAndScatterAlongTheFrameAxis() {
        FloatTensor v = video();
        FloatTensor w = FloatTensor.zeros(1, 2, 3, 1, 2);
        FloatTensor.gatherFrames(v, new int[] {3, 1, 3}, w);
        assertArrayEquals(new float[] {30, 31, 10, 11, 30, 31, 130, 131, 110, 111, 130, 131}, w.toArray());
        for (int i = 0; i < w.size(); i++) {
            w.set(i, -w.get(i));
        }
        FloatTensor.scatterFrames(w, new int[] {0, 2, 2}, v);
        // frame 2 ends with the last copy (window slot 2), frames 1 and 3 untouched
        assertArrayEquals(new float[] {-30, -31, 10, 11, -30, -31, 30, 31, -130, -131, 110, 111, -130, -131, 130, 131},
                v.toArray());
    }

    @Test
    void frameOffsetsFollowTheBcthwLayout() {
        FloatTensor v = video();
        assertEquals(4, v.frames());
        assertEquals(2, v.planes());
        assertEquals(2, v.frameArea());
        assertEquals(110f, v.get(v.frameOffset(1, 1)));
        assertEquals(131f, v.get(v.frameOffset(1, 3) + 1));
    }

    @Test
    void batchViewsShareStorage() {
        FloatTensor doubled = FloatTensor.zeros(2, 3, 1, 1, 2);
        FloatTensor cond = doubled.batch(1);
        assertArrayEquals(new int[] {1, 3, 1, 1, 2}, cond.shape());
        cond.set(0, 5f);
        assertEquals(5f, doubled.get(6));
        assertTrue(cond.buffer().isDirect());
        assertEquals(6, cond.buffer().remaining());
        assertThrows(IndexOutOfBoundsException.class, () -> doubled.batch(2));
    }

    @Test
    void wrapsForeignBuffersWithoutCopying() {
        FloatBuffer foreign = FloatBuffer.allocate(8);
        foreign.position(5);
        FloatTensor t = FloatTensor.wrap(foreign, 2, 4);
        t.set(0, 9f);
        assertEquals(9f, foreign.get(0));
    }

    @Test
    void rejectsMismatches() {
        FloatTensor v = video();
        assertThrows(IllegalArgumentException.class, () -> FloatTensor.gatherFrames(v, new int[] {0, 1},
                FloatTensor.zeros(1, 2, 3, 1, 2)));
        assertThrows(IndexOutOfBoundsException.class, () -> FloatTensor.gatherFrames(v, new int[] {4},
                FloatTensor.zeros(1, 2, 1, 1, 2)));
        assertThrows(IllegalArgumentException.class, () -> FloatTensor.of(new float[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> FloatTensor.zeros(2, -1));
        assertThrows(IllegalStateException.class, () -> FloatTensor.zeros(2, 2).frames());
    }
}
