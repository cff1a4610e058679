package io.vexpress.core.conditioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.KeypointTiming;
import io.vexpress.keypoints.KeypointSequence;
import org.junit.jupiter.api.Test;

class KeypointTimelineTest {

    /** Frame f: every coordinate is 100 + 10 f (+ the point's index), a ramp that shows which frame is played. */
    private static KeypointSequence ramp(int frames) {
        float[] xy = new float[frames * 6];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < 6; c++) {
                xy[f * 6 + c] = 100 + 10 * f + c;
            }
        }
        return KeypointSequence.of(xy);
    }

    /** The sequence position a frame shows (inverse of the ramp). */
    private static double position(KeypointSequence s, int frame) {
        return (s.get(frame, 0, 0) - 100) / 10.0;
    }

    @Test
    void stretchIsVExpressesAlignment() {
        KeypointSequence short10 = ramp(10);
        assertEquals(KeypointAligner.align(short10, 37), KeypointTimeline.fit(short10, 37, 30, KeypointTiming.STRETCH, 30));
        assertEquals(KeypointAligner.align(ramp(50), 20), KeypointTimeline.fit(ramp(50), 20, 30, KeypointTiming.STRETCH, 12));
    }

    @Test
    void aLongerSequenceIsCutAsVExpressDoesInEveryMode() {
        KeypointSequence long50 = ramp(50);
        KeypointSequence vexpress = KeypointAligner.align(long50, 20); // long50[:20]
        for (KeypointTiming t : KeypointTiming.values()) {
            assertEquals(vexpress, KeypointTimeline.fit(long50, 20, 29.97, t, 29.97), t.name());
        }
        // at its own, slower rate it is played at that rate and still never looped: 20 frames at 30 fps = 0.63 s = 9.5 frames at 15 fps
        KeypointSequence slow = KeypointTimeline.fit(long50, 20, 30, KeypointTiming.LOOP, 15);
        for (int i = 0; i < 20; i++) {
            assertEquals(i * 0.5, position(slow, i), 1e-4);
        }
    }

    @Test
    void loopPlaysAtTheSequencesRateAndBlendsTheSeam() {
        int n = 30;
        KeypointSequence looped = KeypointTimeline.fit(ramp(n), 200, 30, KeypointTiming.LOOP, 30);
        assertEquals(200, looped.frameCount());
        int b = KeypointTimeline.seamFrames(n, 30); // 6 frames: 0.2 s
        assertEquals(6, b);
        int period = n - b;
        // the first pass is the sequence itself, up to the tail
        for (int i = 0; i < period; i++) {
            assertEquals(i, position(looped, i), 1e-4);
        }
        // each later pass starts at the tail and cross-fades into the head, then plays the sequence on
        for (int pass = 1; pass * period + period < 200; pass++) {
            int start = pass * period;
            assertEquals(period, position(looped, start), 1e-4, "continuous with the previous pass");
            for (int r = b; r < period; r++) {
                assertEquals(r, position(looped, start + r), 1e-4);
            }
        }
        // no jump: consecutive frames never move more than the sequence's own per-frame motion allows
        for (int i = 1; i < 200; i++) {
            double step = Math.abs(position(looped, i) - position(looped, i - 1));
            assertTrue(step <= 5.0, "frame " + i + " jumps by " + step + " sequence frames");
        }
        // without the blend the seam would jump from frame 29 back to 0; here the largest step is far smaller
        double largest = 0;
        for (int i = 1; i < 200; i++) {
            largest = Math.max(largest, Math.abs(position(looped, i) - position(looped, i - 1)));
        }
        assertTrue(largest < n / 4.0, "largest step " + largest);
    }

    @Test
    void pingPongReflectsAtBothEnds() {
        KeypointSequence pp = KeypointTimeline.fit(ramp(5), 20, 30, KeypointTiming.PING_PONG, 30);
        double[] expected = {0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3, 4, 3, 2, 1, 0, 1, 2, 3};
        for (int i = 0; i < 20; i++) {
            assertEquals(expected[i], position(pp, i), 1e-4, "frame " + i);
        }
    }

    @Test
    void aSequenceAtHalfTheVideoRateIsInterpolatedBetweenItsFrames() {
        // 25 fps keypoints under a 50 fps video: every other video frame lies halfway between two sequence frames
        KeypointSequence pp = KeypointTimeline.fit(ramp(4), 12, 50, KeypointTiming.PING_PONG, 25);
        double[] expected = {0, 0.5, 1, 1.5, 2, 2.5, 3, 2.5, 2, 1.5, 1, 0.5};
        for (int i = 0; i < 12; i++) {
            assertEquals(expected[i], position(pp, i), 1e-4, "frame " + i);
        }
    }

    @Test
    void aSingleFrameIsHeld() {
        KeypointSequence one = ramp(1);
        for (KeypointTiming t : KeypointTiming.values()) {
            KeypointSequence held = KeypointTimeline.fit(one, 7, 30, t, 30);
            assertEquals(KeypointSequence.repeat(one.frame(0), 7), held, t.name());
        }
    }
}
