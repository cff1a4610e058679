package io.vexpress.media;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vexpress.MediaException;
import io.vexpress.media.audio.FfmpegAudioDecoder;
import io.vexpress.media.image.StandardImageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation loop over the fixtures (byte flips, truncations, size-field overwrites): the decoders
 * either return a valid value or throw {@link MediaException}, never another exception, and never
 * allocate a declared giant size. Bounded to a few seconds.
 */
class HostileInputTest {
    private static final String[] IMAGES = {"rgb_png.png", "q90_jpg.jpg", "progressive_jpg.jpg", "lossy_webp.webp",
        "lossless_webp.webp", "rgb_bmp.bmp", "palette_gif.gif", "orient6_jpg.jpg", "cmyk_jpg.jpg"};
    private static final String[] AUDIO = {"tone_16000_mono.wav", "tone_22050_mono.mp3", "tone_48000_mono.opus",
        "tone_44100_stereo.m4a"};

    @TempDir
    Path tmp;

    @Test
    void mutatedImagesDecodeOrFailCleanly() throws IOException {
        StandardImageDecoder decoder = new StandardImageDecoder(4_000_000);
        Random random = new Random(20261126);
        int decoded = 0;
        for (int i = 0; i < 120; i++) {
            byte[] original = resource("/golden/image_decode/" + IMAGES[i % IMAGES.length]);
            Path file = Files.write(tmp.resolve("m" + i + "_" + IMAGES[i % IMAGES.length]), mutate(original, random));
            try {
                RgbImage image = decoder.decode(file, true);
                assertTrue((long) image.width() * image.height() <= 4_000_000);
                decoded++;
            } catch (MediaException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (RuntimeException | OutOfMemoryError other) {
                fail("mutation " + i + " of " + IMAGES[i % IMAGES.length] + " threw " + other, other);
            }
        }
        assertTrue(decoded > 0, "some mutations stay decodable");
    }

    @Test
    void mutatedAudioDecodesOrFailsCleanly() throws IOException {
        FfmpegAudioDecoder decoder = new FfmpegAudioDecoder();
        Random random = new Random(7);
        for (int i = 0; i < 40; i++) {
            byte[] original = resource("/golden/audio_decode/" + AUDIO[i % AUDIO.length]);
            Path file = Files.write(tmp.resolve("a" + i + "_" + AUDIO[i % AUDIO.length]), mutate(original, random));
            try {
                PcmAudio audio = decoder.decode(file);
                assertTrue(audio.frameCount() > 0);
            } catch (MediaException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (RuntimeException | OutOfMemoryError other) {
                fail("mutation " + i + " of " + AUDIO[i % AUDIO.length] + " threw " + other, other);
            }
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> { // flip a few bytes anywhere
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length)); // truncate
            case 2 -> { // overwrite header bytes (where sizes live) with 0xFF
                int at = random.nextInt(Math.min(64, b.length));
                for (int k = at; k < Math.min(b.length, at + 4); k++) {
                    b[k] = (byte) 0xFF;
                }
            }
            default -> { // corrupt the middle (entropy-coded data)
                int at = b.length / 2 + random.nextInt(Math.max(1, b.length / 4));
                for (int k = at; k < Math.min(b.length, at + 32); k++) {
                    b[k] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HostileInputTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
