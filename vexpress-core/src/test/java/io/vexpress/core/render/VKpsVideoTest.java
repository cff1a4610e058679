package io.vexpress.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.keypoints.KeypointSequence;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VKpsVideoTest {
    /** Random faces: small and large, rotated, partly or wholly off the canvas, some far away. */
    static float[] randomFaces(SplittableRandom random, int frames, int w, int h) {
        float[] xy = new float[frames * 6];
        for (int f = 0; f < frames; f++) {
            float cx = (float) (random.nextDouble(-0.3, 1.3) * w);
            float cy = (float) (random.nextDouble(-0.3, 1.3) * h);
            float scale = (float) (random.nextDouble(0.02, 1.5) * Math.max(w, h));
            double turn = random.nextDouble(-Math.PI, Math.PI);
            float[] unit = {-0.5f, -0.3f, 0.5f, -0.3f, 0f, 0.4f};
            for (int p = 0; p < 3; p++) {
                float ux = unit[2 * p] * scale;
                float uy = unit[2 * p + 1] * scale;
                xy[f * 6 + 2 * p] = cx + (float) (ux * Math.cos(turn) - uy * Math.sin(turn));
                xy[f * 6 + 2 * p + 1] = cy + (float) (ux * Math.sin(turn) + uy * Math.cos(turn));
            }
            if (random.nextInt(40) == 0) {
                xy[f * 6 + random.nextInt(6)] = 1e12f;
            }
            if (f > 0 && random.nextInt(5) == 0) { // a held face
                System.arraycopy(xy, (f - 1) * 6, xy, f * 6, 6);
            }
        }
        return xy;
    }

    @Test
    void windowsShowEveryFrameExactlyAsTheRendererDrawsIt() {
        SplittableRandom random = new SplittableRandom(11);
        int[][] sizes = {{1, 1}, {7, 5}, {64, 48}, {97, 131}, {512, 512}};
        for (int[] size : sizes) {
            int w = size[0];
            int h = size[1];
            int frames = 120;
            float[] xy = randomFaces(random, frames, w, h);
            VKpsVideo video = VKpsVideo.draw(xy, w, h);
            VKpsWindow window = new VKpsWindow(video, 4);
            KeypointSequence seq = KeypointSequence.of(xy);
            int[] shown = new int[4];
            for (int call = 0; call < 60; call++) {
                for (int t = 0; t < 4; t++) {
                    shown[t] = random.nextInt(frames);
                }
                window.show(shown);
                VKpsRendererTest.assertShows(window, seq, shown, w, h);
            }
        }
    }

    @Test
    void heldFacesAreStoredOnceAndAFaceTakesFewRuns() {
        int frames = 300;
        float[] still = new float[frames * 6];
        float[] one = {206f, 236f, 306f, 236f, 256f, 296f};
        for (int f = 0; f < frames; f++) {
            System.arraycopy(one, 0, still, f * 6, 6);
        }
        VKpsVideo video = VKpsVideo.draw(still, 512, 512);
        assertEquals(1, video.faces());
        int runs = video.runsOf(0);
        // two limbs of about 70 rows and three dots of 9: one run per row and shape, a few more where they overlap
        assertTrue(runs > 100 && runs < 250, "runs of a 512x512 face: " + runs);
        assertTrue(video.nativeBytes() < 64 * 1024, "a still face's store: " + video.nativeBytes() + " bytes");
    }

    @Test
    void noFaceTakesMoreRunsThanTheMemoryEstimateAllows() {
        SplittableRandom random = new SplittableRandom(5);
        for (int[] size : new int[][] {{512, 512}, {320, 640}, {64, 64}}) {
            float[] xy = randomFaces(random, 400, size[0], size[1]);
            VKpsVideo video = VKpsVideo.draw(xy, size[0], size[1]);
            for (int face = 0; face < video.faces(); face++) {
                assertTrue(video.runsOf(face) <= VKpsVideo.maxRunsPerFace(size[1]),
                        "face " + face + " at " + size[0] + "x" + size[1] + ": " + video.runsOf(face) + " runs");
            }
        }
    }

    @Test
    void anEmptyVideoHasNoFaces() {
        VKpsVideo video = VKpsVideo.draw(new float[0], 8, 8);
        assertEquals(0, video.frames());
        assertEquals(0, video.faces());
    }
}
