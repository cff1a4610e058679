package io.vexpress.examples.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.kps.KpsCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoAssetsTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryDemoInputFromTheClassPath() throws IOException {
        DemoAssets assets = DemoAssets.create(dir.resolve("demo"), 30);

        assertTrue(Files.isRegularFile(assets.bundle().resolve("manifest.json")));
        assertTrue(Files.isRegularFile(assets.bundle().resolve("denoising_unet.onnx")));

        BufferedImage portrait = ImageIO.read(assets.portrait().toFile());
        assertEquals(512, portrait.getWidth());
        assertEquals(512, portrait.getHeight());

        // speech.wav: 16 kHz mono 16-bit PCM, as tools/demo-assets/make_demo_speech.sh writes it (3.89 s).
        double seconds = DemoAssets.speechSeconds(assets.speech());
        assertEquals(3.89, seconds, 0.01);

        KeypointSequence motion = new KpsCodec().read(assets.keypoints());
        assertEquals((int) Math.ceil(seconds * 30), motion.frameCount());
        assertArrayEquals(DemoPortrait.KEYPOINTS.toArray(), motion.frame(0).toArray(), 1e-4f);
    }

    @Test
    void theDrawnFaceHasEyesAndNoseWhereItsKeypointsSay() {
        BufferedImage portrait = DemoPortrait.draw();
        FaceKeypoints k = DemoPortrait.KEYPOINTS;
        // Pupils are black, the cheek between the eyes and the mouth is skin-coloured.
        assertEquals(0x000000, portrait.getRGB((int) k.leftEyeX(), (int) k.leftEyeY()) & 0xFFFFFF);
        assertEquals(0x000000, portrait.getRGB((int) k.rightEyeX(), (int) k.rightEyeY()) & 0xFFFFFF);
        int cheek = portrait.getRGB(200, 300);
        assertTrue(((cheek >> 16) & 0xFF) > 200, "skin at the cheek");
        assertTrue(k.leftEyeX() < k.noseX() && k.noseX() < k.rightEyeX() && k.noseY() > k.leftEyeY());
    }

    @Test
    void headMotionMovesAllThreePointsTogetherAndStaysNearTheFace() {
        KeypointSequence motion = DemoMotion.headMotion(DemoPortrait.KEYPOINTS, 120, 30);
        float maxShift = 0;
        for (int f = 0; f < motion.frameCount(); f++) {
            float eyeDistance = motion.get(f, 1, 0) - motion.get(f, 0, 0);
            assertEquals(100, eyeDistance, 1.0, "rigid motion keeps the eye distance");
            maxShift = Math.max(maxShift, Math.abs(motion.get(f, 2, 0) - DemoPortrait.KEYPOINTS.noseX()));
        }
        assertTrue(maxShift > 3 && maxShift < 10, "sways a few pixels: " + maxShift);
    }
}
