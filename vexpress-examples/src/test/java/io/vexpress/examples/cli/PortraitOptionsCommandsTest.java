package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.DemoPortrait;
import io.vexpress.examples.demo.ShortDemo;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.KeypointSequenceCodec;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoDecoder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --image_fit face_crop, --paste_back and --kps_timing through the command line, on the tiny bundle. */
class PortraitOptionsCommandsTest {
    @TempDir
    static Path dir;
    static DemoAssets demo;
    static Path photo;
    static BufferedImage photoPixels;
    static final int LEFT = 300;
    static final int TOP = 50;

    @BeforeAll
    static void inputs() throws IOException {
        demo = ShortDemo.create(dir.resolve("inputs"), 0.4);
        // the demo portrait small inside a 901x601 "bust shot" whose border is a flat grey
        photoPixels = new BufferedImage(901, 601, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photoPixels.createGraphics();
        g.setColor(new Color(90, 110, 130));
        g.fillRect(0, 0, 901, 601);
        g.drawImage(ImageIO.read(demo.portrait().toFile()), LEFT, TOP, 256, 256, null);
        g.dispose();
        photo = dir.resolve("bust.png");
        ImageIO.write(photoPixels, "png", photo.toFile());
    }

    private static List<RgbImage> frames(Path video) {
        List<RgbImage> out = new ArrayList<>();
        try (VideoDecoder.Reader r = Services.require(VideoDecoder.class, "vexpress-media").open(video)) {
            for (RgbImage f; (f = r.nextFrame()) != null; ) {
                out.add(f);
            }
        }
        return out;
    }

    private static String photoKps() {
        FaceKeypoints k = DemoPortrait.KEYPOINTS; // in the 512 portrait, drawn at half size
        float[] p = k.toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append(i == 0 ? "" : ",").append(p[i] / 2 + (i % 2 == 0 ? LEFT : TOP));
        }
        return sb.toString();
    }

    @Test
    void faceCropWithPasteBackWritesThePhotosSizeAndKeepsTheRestOfThePhoto() {
        Path out = dir.resolve("pasted.mp4");
        CliHarness r = CliHarness.run("generate", "-q", "--models", demo.bundle().toString(),
                "--reference_image_path", photo.toString(), "--audio_path", demo.speech().toString(),
                "--retarget_strategy", "fix_face", "--reference_kps", photoKps(),
                "--image_fit", "face_crop", "--paste_back", "--width", "64", "--height", "64",
                "--num_inference_steps", "1", "--output_path", out.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        List<RgbImage> frames = frames(out);
        assertEquals(12, frames.size());
        for (RgbImage f : frames) {
            assertEquals(900, f.width(), "901 rounded down to even");
            assertEquals(600, f.height());
            // far from the face (the right third of the photo) the video is the photo, up to H.264's loss
            long diff = 0;
            int n = 0;
            for (int y = 0; y < 600; y += 7) {
                for (int x = 650; x < 900; x += 7) {
                    int p = photoPixels.getRGB(x, y);
                    diff += Math.abs(f.channel(x, y, 0) - ((p >> 16) & 0xFF)) + Math.abs(f.channel(x, y, 2) - (p & 0xFF));
                    n += 2;
                }
            }
            assertTrue((double) diff / n < 3, "mean difference " + (double) diff / n);
        }
    }

    /** The x of the bluest pixel (the nose dot) in row {@code y} of the preview's right half. */
    private static int noseX(RgbImage previewFrame, int y) {
        int best = -1;
        int bestBlue = -1;
        for (int x = 512; x < 1024; x++) {
            int blue = previewFrame.channel(x, y, 2) - previewFrame.channel(x, y, 0);
            if (blue > bestBlue) {
                bestBlue = blue;
                best = x;
            }
        }
        return best - 512;
    }

    @Test
    void previewShowsTheDrivingSequenceAsTheTimingLaysItOut() {
        // 10 frames whose nose moves 12 px right per frame; 0.4 s at 30 fps = 12 video frames
        float[] xy = new float[10 * 6];
        for (int f = 0; f < 10; f++) {
            float[] base = DemoPortrait.KEYPOINTS.toArray();
            for (int i = 0; i < 6; i += 2) {
                base[i] += 12 * f;
            }
            System.arraycopy(base, 0, xy, f * 6, 6);
        }
        Path kps = dir.resolve("moving.pth");
        Services.require(KeypointSequenceCodec.class, "vexpress-media").write(KeypointSequence.of(xy), kps);
        int noseY = (int) DemoPortrait.KEYPOINTS.noseY();
        int nose0 = (int) DemoPortrait.KEYPOINTS.noseX();
        int[] last = new int[3];
        String[] timings = {"stretch", "loop", "ping_pong"};
        for (int t = 0; t < 3; t++) {
            Path out = dir.resolve("preview-" + timings[t] + ".mp4");
            CliHarness r = CliHarness.run("preview", "-q", "--reference_image_path", demo.portrait().toString(),
                    "--audio_path", demo.speech().toString(), "--kps_path", kps.toString(), "--retarget_strategy", "no_retarget",
                    "--kps_timing", timings[t], "--output_path", out.toString());
            assertEquals(ExitCodes.OK, r.exitCode, r::toString);
            List<RgbImage> frames = frames(out);
            assertEquals(12, frames.size());
            last[t] = noseX(frames.get(11), noseY) - nose0;
        }
        // stretch: 10 frames over 12, the last shows sequence frame 9 (108 px); loop at 30 fps: period 10 - 3 = 7,
        // frame 11 is position 4 of the second pass (48 px); ping-pong: 9, then back to 7 (84 px)
        assertEquals(108, last[0], 3);
        assertEquals(48, last[1], 3);
        assertEquals(84, last[2], 3);
    }
}
