package io.vexpress.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.testing.ConditioningGoldens;
import io.vexpress.keypoints.FaceKeypoints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** Pixel identity with V-Express's draw_kps_image (OpenCV 4.6) on the sample sequences and synthetic ones. */
class VKpsRendererGoldenTest {

    @Test
    void everyFrameMatchesOpenCvPixelForPixel() {
        List<String> failures = new ArrayList<>();
        int frames = 0;
        for (JsonNode set : ConditioningGoldens.json("render.json").get("sets")) {
            int width = set.get("width").asInt();
            int height = set.get("height").asInt();
            float[] xy = ConditioningGoldens.floats(set.get("xy"));
            JsonNode crcs = set.get("crc32");
            byte[] rgb = new byte[width * height * 3];
            for (int f = 0; f < crcs.size(); f++) {
                VKpsRenderer.renderRgb(FaceKeypoints.of(Arrays.copyOfRange(xy, f * 6, f * 6 + 6)), width, height, rgb, 0);
                CRC32 crc = new CRC32();
                crc.update(rgb);
                if (crc.getValue() != crcs.get(f).asLong()) {
                    failures.add(set.get("name").asText() + "[" + f + "] " + Arrays.toString(Arrays.copyOfRange(xy, f * 6, f * 6 + 6)));
                }
                frames++;
            }
        }
        assertTrue(frames > 3000, "golden frames: " + frames);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " of " + frames + " frames differ");
    }

    @Test
    void windowsRedrawnFaceAfterFaceMatchOpenCv() {
        // The denoiser's input: each call shows the next faces at every position, so every image is painted over the
        // previous face's, whose pixels must all be cleared, also for faces off the canvas: the runs of colour
        // VKpsVideo keeps must give back OpenCV's images exactly.
        List<String> failures = new ArrayList<>();
        int frames = 0;
        int positions = 5;
        for (JsonNode set : ConditioningGoldens.json("render.json").get("sets")) {
            int width = set.get("width").asInt();
            int height = set.get("height").asInt();
            int plane = width * height;
            float[] xy = ConditioningGoldens.floats(set.get("xy"));
            JsonNode crcs = set.get("crc32");
            VKpsWindow window = new VKpsWindow(VKpsVideo.draw(xy, width, height), positions);
            int[] shown = new int[positions];
            byte[] rgb = new byte[3 * plane];
            byte[] planes = new byte[3 * plane];
            for (int start = 0; start + positions <= crcs.size(); start += positions) {
                for (int t = 0; t < positions; t++) {
                    shown[t] = start + (t * 3) % positions; // not in order, so neighbouring positions hold unrelated faces
                }
                window.show(shown);
                for (int t = 0; t < positions; t++) {
                    for (int c = 0; c < 3; c++) {
                        window.buffer().get((c * positions + t) * plane, planes, c * plane, plane);
                    }
                    for (int p = 0; p < plane; p++) {
                        rgb[p * 3] = planes[p];
                        rgb[p * 3 + 1] = planes[plane + p];
                        rgb[p * 3 + 2] = planes[2 * plane + p];
                    }
                    CRC32 crc = new CRC32();
                    crc.update(rgb);
                    if (crc.getValue() != crcs.get(shown[t]).asLong()) {
                        failures.add(set.get("name").asText() + "[" + shown[t] + "] at position " + t);
                    }
                    frames++;
                }
            }
        }
        assertTrue(frames > 3000, "golden frames: " + frames);
        assertEquals(List.of(), failures.subList(0, Math.min(10, failures.size())), failures.size() + " of " + frames + " frames differ");
    }

    @Test
    void fullFramesMatchThePngs() throws IOException {
        int compared = 0;
        for (JsonNode set : ConditioningGoldens.json("render.json").get("sets")) {
            int width = set.get("width").asInt();
            int height = set.get("height").asInt();
            float[] xy = ConditioningGoldens.floats(set.get("xy"));
            for (JsonNode frame : set.get("png_frames")) {
                int f = frame.asInt();
                BufferedImage png;
                try (InputStream in = ConditioningGoldens.stream("render_" + set.get("name").asText() + "_" + f + ".png")) {
                    png = ImageIO.read(in);
                }
                byte[] rgb = new byte[width * height * 3];
                VKpsRenderer.renderRgb(FaceKeypoints.of(Arrays.copyOfRange(xy, f * 6, f * 6 + 6)), width, height, rgb, 0);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int i = (y * width + x) * 3;
                        int ours = ((rgb[i] & 0xFF) << 16) | ((rgb[i + 1] & 0xFF) << 8) | (rgb[i + 2] & 0xFF);
                        int expected = png.getRGB(x, y) & 0xFFFFFF;
                        if (ours != expected) {
                            throw new AssertionError(set.get("name").asText() + "[" + f + "] pixel (" + x + ", " + y + "): expected "
                                    + Integer.toHexString(expected) + ", got " + Integer.toHexString(ours));
                        }
                    }
                }
                compared++;
            }
        }
        assertTrue(compared >= 5);
    }
}
