package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.Device;
import io.vexpress.GenerationResult;
import io.vexpress.MemoryMode;
import io.vexpress.core.runtime.BundleDimensions;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.media.PcmAudio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle whose audio encoder is 48 wide and whose audio projection (V-Express's AudioProjection, exported by
 * tools/export from tools/tiny-models/make_audio_widths_bundle.py) maps 48 to the UNet's 32-wide audio tokens:
 * the audio feature width and the audio token width are two sizes, and such a bundle loads and generates.
 */
class AudioWidthsBundleTest {

    static Path bundle(Path tmp) throws IOException {
        Path b = TinyBundle.copyTo(tmp.resolve("audio-widths-bundle"));
        for (String f : new String[] {"audio_encoder.onnx", "audio_projection.onnx"}) {
            Files.copy(TinyBundle.resource("audio-widths/" + f), b.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return b;
    }

    @Test
    void loadsWithTwoAudioWidthsAndGenerates(@TempDir Path tmp) throws IOException {
        ParityFixture fixture = new ParityFixture();
        try (VExpressGenerator generator = new VExpressGenerator(
                TinyBundle.config(bundle(tmp), Device.cpu(), MemoryMode.KEEP_LOADED))) {
            BundleDimensions d = generator.bundle().dimensions();
            assertEquals(48, d.audioFeatureWidth());
            assertEquals(32, d.audioTokenWidth());
            assertEquals(5, d.audioTokens());

            CapturingOutput speech = new CapturingOutput();
            GenerationResult result = generator.generate(fixture.request(speech).optSteps(1).build());
            assertEquals(14, result.frameCount());
            assertEquals(14, speech.committed.size());

            // the audio reaches the frames through the 48 -> 32 projection: other audio, other frames
            float[] samples = fixture.audio.toMonoArray();
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (float) Math.sin(i * 0.05) * 0.3f;
            }
            CapturingOutput tone = new CapturingOutput();
            generator.generate(fixture.request(tone).optSteps(1).setAudio(PcmAudio.mono(samples, 16000)).build());
            assertEquals(14, tone.committed.size());
            int differing = 0;
            for (int f = 0; f < 14; f++) {
                if (!speech.committed.get(f).equals(tone.committed.get(f))) {
                    differing++;
                }
            }
            assertTrue(differing > 7, "frames that changed with the audio: " + differing);
            assertNotEquals(speech.committed.get(7), tone.committed.get(7));
        }
    }
}
