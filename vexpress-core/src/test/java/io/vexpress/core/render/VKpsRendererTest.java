package io.vexpress.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.InvalidInputException;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.RgbImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of the V-Kps renderer's outputs (pixel identity with OpenCV is in VKpsRendererGoldenTest). */
class VKpsRendererTest {
    private static final FaceKeypoints FACE = new FaceKeypoints(200.7f, 230.2f, 310.4f, 228.9f, 255.5f, 300.1f);

    @Test
    void neverThrowsForPointsAnywhere() {
        Random random = new Random(11);
        float[] extremes = {-3e38f, -1e9f, -(1 << 29), -70000f, -513f, -4.5f, -0f, 0f, 3.99f, 255.5f, 511.99f, 512f, 70000f, 1e9f, 3e38f};
        byte[] rgb = new byte[64 * 48 * 3];
        for (int trial = 0; trial < 3000; trial++) {
            float[] xy = new float[6];
            for (int i = 0; i < 6; i++) {
                xy[i] = random.nextBoolean() ? extremes[random.nextInt(extremes.length)] : (random.nextFloat() - 0.3f) * 200;
            }
            VKpsRenderer.renderRgb(FaceKeypoints.of(xy), 64, 48, rgb, 0);
        }
    }

    @Test
    void drawsTheExpectedColoursAndNothingElse() {
        RgbImage image = VKpsRenderer.render(FACE, 512, 512);
        assertEquals(0xFF0000, pixel(image, 200, 230));
        assertEquals(0x00FF00, pixel(image, 310, 228));
        assertEquals(0x0000FF, pixel(image, 255, 300));
        assertEquals(0x990000, pixel(image, 228, 265)); // on the left limb, 0.6 * red = 153
        assertEquals(0x009900, pixel(image, 283, 264)); // on the right limb
        assertEquals(0, pixel(image, 10, 10));
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                int p = pixel(image, x, y);
                assertTrue(p == 0 || p == 0xFF0000 || p == 0x00FF00 || p == 0x0000FF || p == 0x990000 || p == 0x009900,
                        "pixel " + x + "," + y + " = " + Integer.toHexString(p));
            }
        }
    }

    @Test
    void floatPlanesAreTheBytesOver255InChwOrder() {
        int w = 40;
        int h = 30;
        FaceKeypoints face = new FaceKeypoints(10.3f, 12.9f, 29.5f, 11.2f, 19.9f, 22.4f);
        byte[] rgb = new byte[w * h * 3];
        VKpsRenderer.renderRgb(face, w, h, rgb, 0);
        float[] chw = new float[7 + 3 * w * h];
        Arrays.fill(chw, 9f);
        VKpsRenderer.renderPlanes(face, w, h, chw, 7, w * h);
        assertEquals(9f, chw[6]);
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < w * h; p++) {
                float expected = (rgb[p * 3 + c] & 0xFF) / 255f;
                assertEquals(expected, chw[7 + c * w * h + p]);
            }
        }
    }

    @Test
    void windowsHoldTheRgbBytesAsPlanesAndRedrawOnlyChangedFaces() {
        int w = 24;
        int h = 16;
        float[] xy = new float[6 * 6];
        for (int f = 0; f < 5; f++) {
            float[] one = {3 + f, 4, 18 - f, 5, 11, 12 + f / 2f};
            System.arraycopy(one, 0, xy, f * 6, 6);
        }
        System.arraycopy(xy, 4 * 6, xy, 5 * 6, 6); // frame 5 repeats frame 4: one face
        KeypointSequence seq = KeypointSequence.of(xy);
        VKpsVideo video = VKpsVideo.draw(xy, w, h);
        assertEquals(5, video.faces());
        assertEquals(video.faceOf(4), video.faceOf(5));
        VKpsWindow window = new VKpsWindow(video, 3);
        assertEquals(3, window.show(new int[] {4, 1, 2}));
        assertShows(window, seq, new int[] {4, 1, 2}, w, h);
        assertEquals(0, window.show(new int[] {4, 1, 2}), "the same faces: nothing to draw");
        // position 1 keeps frame 1; positions 0 and 2 change, and must not keep traces of their previous faces
        assertEquals(2, window.show(new int[] {0, 1, 3}));
        assertShows(window, seq, new int[] {0, 1, 3}, w, h);
        // frame 5 is frame 4's face: a position showing one shows the other
        assertEquals(1, window.show(new int[] {0, 1, 4}));
        assertEquals(0, window.show(new int[] {0, 1, 5}));
        assertShows(window, seq, new int[] {0, 1, 5}, w, h);
        assertThrows(IllegalArgumentException.class, () -> window.show(new int[] {1, 2}));
        assertThrows(IndexOutOfBoundsException.class, () -> window.show(new int[] {1, 2, 6}));
    }

    /** Channel c of position t is at ((c * frames) + t) * plane, as in [1, 3, frames, h, w]. */
    static void assertShows(VKpsWindow window, KeypointSequence seq, int[] frames, int w, int h) {
        int plane = w * h;
        assertEquals(3 * frames.length * plane, window.buffer().capacity());
        byte[] rgb = new byte[3 * plane];
        for (int t = 0; t < frames.length; t++) {
            VKpsRenderer.renderRgb(seq.frame(frames[t]), w, h, rgb, 0);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < plane; p++) {
                    int got = window.buffer().get((c * frames.length + t) * plane + p);
                    if (got != rgb[p * 3 + c]) {
                        throw new AssertionError("position " + t + " channel " + c + " pixel " + p + ": " + got + " != " + rgb[p * 3 + c]);
                    }
                }
            }
        }
    }

    @Test
    void rejectsBadSizesAndSmallBuffers() {
        assertThrows(InvalidInputException.class, () -> VKpsRenderer.render(FACE, 0, 5));
        assertThrows(InvalidInputException.class, () -> VKpsRenderer.renderRgb(FACE, 8, 8, new byte[8 * 8 * 3 - 1], 0));
        assertThrows(InvalidInputException.class, () -> VKpsRenderer.renderPlanes(FACE, 8, 8, new float[100], 0, 64));
        assertThrows(InvalidInputException.class, () -> VKpsRenderer.renderPlanes(FACE, 8, 8, new float[500], 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new VKpsWindow(VKpsVideo.draw(FACE.toArray(), 8, 8), 0));
        assertThrows(IllegalArgumentException.class, () -> VKpsVideo.draw(FACE.toArray(), 0, 8));
        assertThrows(IllegalArgumentException.class, () -> VKpsVideo.draw(new float[7], 8, 8));
    }

    private static int pixel(RgbImage image, int x, int y) {
        return (image.channel(x, y, 0) << 16) | (image.channel(x, y, 1) << 8) | image.channel(x, y, 2);
    }
}
