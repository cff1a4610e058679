package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.Device;
import io.vexpress.GenerationResult;
import io.vexpress.MemoryMode;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.media.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * The proof that the Java pipeline computes what V-Express computes: the PyTorch port of inference.py +
 * VExpressPipeline (mean overlap, guidance, DDIM zero-SNR v-prediction, torch.randn) run on the same tiny
 * networks gives these decoded frames.
 */
class PipelineParityTest {

    @Test
    void decodedFramesMatchThePyTorchReference() {
        ParityFixture fixture = new ParityFixture();
        float[] expected = ParityFixture.floats("frames.f32");
        int frames = fixture.params.get("video_length").asInt();
        int size = 3 * 64 * 64;
        float[] actual = new float[expected.length];
        CapturingOutput output = new CapturingOutput();
        GenerationResult result;
        try (VExpressGenerator generator = new VExpressGenerator(
                TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.KEEP_LOADED))) {
            result = generator.generate(fixture.request(output)
                    .optDecodedFrameObserver((f, pixels) -> pixels.get(0, actual, f * size, size)).build());
        }
        assertEquals(frames, result.frameCount());
        assertEquals(fixture.params.get("exact_fps").asDouble(), result.fps(), 1e-9);
        double maxDiff = 0;
        for (int i = 0; i < expected.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
        }
        System.out.println("parity: max |java - torch| over " + expected.length + " decoded values = " + maxDiff);
        assertTrue(maxDiff < 1e-4, "max |java - torch| = " + maxDiff);

        // the written frames: truncating uint8 and the 3x3x3 median, as save_video
        byte[] filtered = ParityFixture.bytes("frames_filtered.rgb");
        assertEquals(frames, output.committed.size());
        int mismatches = 0;
        int maxByteDiff = 0;
        for (int f = 0; f < frames; f++) {
            RgbImage img = output.committed.get(f);
            byte[] got = img.toRgbBytes();
            for (int i = 0; i < got.length; i++) {
                int d = Math.abs((got[i] & 0xFF) - (filtered[f * got.length + i] & 0xFF));
                if (d != 0) {
                    mismatches++;
                    maxByteDiff = Math.max(maxByteDiff, d);
                }
            }
        }
        // a float difference below 1e-4 can flip a truncation at an exact boundary, nothing more
        assertTrue(maxByteDiff <= 1 && mismatches <= filtered.length / 1000,
                mismatches + " bytes differ, by up to " + maxByteDiff);
    }

    /**
     * 22 frames in windows of 8 with overlap 2: the last window folds back
     * ({@code [18, 19, 20, 21, 20, 19, 18, 17]}) and frames repeat inside one window. inference.py's own frame
     * counts always tile (0.88 s at 25 fps gives 20), so the count is forced here, as in the golden script, to
     * cover the context scheduler's fold-back; everything else is the engine's.
     */
    @Test
    void aFoldedLastWindowMatchesThePyTorchReference() {
        ParityFixture fixture = new ParityFixture();
        float[] expected = ParityFixture.floats("fold_frames.f32");
        int size = 3 * 64 * 64;
        float[] actual = new float[expected.length];
        try (VExpressGenerator generator = new VExpressGenerator(
                TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.KEEP_LOADED))) {
            generator.overrideFrameTiming((duration, request) -> new io.vexpress.core.denoise.VideoTiming(22, 22 / duration));
            GenerationResult result = generator.generate(fixture.request(new CapturingOutput())
                    .optDecodedFrameObserver((f, pixels) -> pixels.get(0, actual, f * size, size))
                    .setAudio(io.vexpress.media.PcmAudio.mono(ParityFixture.floats("fold_audio_16k.f32"), 16000)).build());
            assertEquals(22, result.frameCount());
            assertEquals(4 * 3, generator.lastStats().unetCalls(), "4 windows x 3 steps");
        }
        double maxDiff = 0;
        int worstFrame = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (d > maxDiff) {
                maxDiff = d;
                worstFrame = i / size;
            }
        }
        System.out.println("parity (folded window): max |java - torch| = " + maxDiff + " (frame " + worstFrame + ")");
        assertTrue(maxDiff < 1e-4, "max |java - torch| = " + maxDiff + " at frame " + worstFrame);
    }
}
