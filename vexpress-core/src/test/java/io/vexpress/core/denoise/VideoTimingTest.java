package io.vexpress.core.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vexpress.InvalidInputException;
import org.junit.jupiter.api.Test;

class VideoTimingTest {

    /** The reference's formula, written out with Python semantics (floor division, int() truncation). */
    private static int reference(double duration, double fps, int size, int overlap) {
        long init = (long) (duration * fps);
        long num = Math.floorDiv(init - size, (long) (size - overlap)) + 1;
        return (int) ((num - 1) * (size - overlap) + size);
    }

    @Test
    void matchesTheReferenceFormulaWhenTheAudioCoversAWindow() {
        // 4.57 s at 30 fps: init 137, num (137-24)//20+1 = 6, frames 5*20+24 = 124
        VideoTiming t = VideoTiming.of(4.57, 30, 24, 4);
        assertEquals(124, t.frames());
        assertEquals(124 / 4.57, t.fps(), 1e-12);
        for (double d = 0.8; d < 30; d += 0.137) {
            for (int[] w : new int[][] {{24, 4}, {12, 4}, {16, 8}}) {
                if ((long) (d * 30) >= w[0]) {
                    assertEquals(reference(d, 30, w[0], w[1]), VideoTiming.of(d, 30, w[0], w[1]).frames(), "d=" + d);
                }
            }
        }
    }

    @Test
    void windowsTileTheDerivedLengthExactly() {
        for (double d = 0.8; d < 20; d += 0.31) {
            VideoTiming t = VideoTiming.of(d, 25, 24, 4);
            ContextWindows w = ContextWindows.uniform(t.frames(), 24, 4);
            for (int k = 0; k < w.count(); k++) {
                assertEquals(Math.min(24, t.frames()), java.util.Arrays.stream(w.window(k)).distinct().count());
            }
            int[] last = w.window(w.count() - 1);
            assertEquals(t.frames() - 1, last[last.length - 1]);
        }
    }

    @Test
    void audioShorterThanOneWindowGivesOneWindowOfAllFrames() {
        // 0.5 s at 30 fps: the reference would compute (15-24)//20+1 = 0 windows and 4 frames
        assertEquals(4, reference(0.5, 30, 24, 4));
        VideoTiming t = VideoTiming.of(0.5, 30, 24, 4);
        assertEquals(15, t.frames());
        assertEquals(30.0, t.fps(), 1e-9);
        assertEquals(1, ContextWindows.uniform(t.frames(), 24, 4).count());
        // shorter than one frame: still one frame, played for the whole audio
        VideoTiming tiny = VideoTiming.of(0.01, 30, 24, 4);
        assertEquals(1, tiny.frames());
        assertEquals(100.0, tiny.fps(), 1e-9);
    }

    @Test
    void rejectsUnusableValues() {
        assertThrows(InvalidInputException.class, () -> VideoTiming.of(0, 30, 24, 4));
        assertThrows(InvalidInputException.class, () -> VideoTiming.of(Double.NaN, 30, 24, 4));
        assertThrows(InvalidInputException.class, () -> VideoTiming.of(3, 0, 24, 4));
        assertThrows(InvalidInputException.class, () -> VideoTiming.of(3, 30, 24, 24));
    }
}
