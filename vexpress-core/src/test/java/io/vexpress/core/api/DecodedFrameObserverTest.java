package io.vexpress.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.pipeline.ParityFixture;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.media.FrameSink;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoded float frames through the public API only (TalkingHeadGenerator found by ServiceLoader,
 * GenerationRequest.Builder.optDecodedFrameObserver), as a user outside the engine sees them: the parity with the
 * PyTorch port of V-Express checked from outside the engine's package, and the observer's contract.
 */
class DecodedFrameObserverTest {
    private static final ParityFixture FIXTURE = new ParityFixture();
    private static TalkingHeadGenerator generator;

    @BeforeAll
    static void open() {
        generator = TalkingHeadGenerator.builder().setModelBundle(TinyBundle.folder()).optIntraOpThreads(2).build();
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    /** Keeps committed frames; counts commits. */
    static final class Frames implements VideoOutput {
        final List<RgbImage> committed = new ArrayList<>();

        @Override
        public FrameSink open(VideoFormat format) {
            List<RgbImage> pending = new ArrayList<>();
            return new FrameSink() {
                @Override
                public void write(RgbImage frame) {
                    pending.add(frame);
                }

                @Override
                public void commit() {
                    committed.addAll(pending);
                }

                @Override
                public void close() {
                }
            };
        }
    }

    @Test
    void floatFramesMatchVExpressAndAreWhatTheOutputQuantises() {
        int width = FIXTURE.params.get("width").asInt();
        int height = FIXTURE.params.get("height").asInt();
        int size = 3 * width * height;
        float[] expected = ParityFixture.floats("frames.f32");
        float[] seen = new float[expected.length];
        List<Integer> order = new ArrayList<>();
        Frames output = new Frames();
        GenerationRequest request = FIXTURE.request(output).optMedianFilter(false).optDecodedFrameObserver((f, pixels) -> {
            order.add(f);
            assertTrue(pixels.isReadOnly());
            assertEquals(0, pixels.position());
            assertEquals(size, pixels.limit());
            assertThrows(ReadOnlyBufferException.class, () -> pixels.put(0, 0.5f));
            pixels.get(0, seen, f * size, size);
        }).build();
        GenerationResult result = generator.generate(request);

        int frames = result.frameCount();
        assertEquals(expected.length / size, frames);
        List<Integer> inOrder = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            inOrder.add(f);
        }
        assertEquals(inOrder, order, "once per frame, in frame order");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - seen[i]));
        }
        assertTrue(worst < 1e-4, "decoded floats vs the PyTorch reference: " + worst);

        // the written frames (filter off) are V-Express's (x * 255).astype(uint8) of exactly these floats
        assertEquals(frames, output.committed.size());
        for (int f = 0; f < frames; f++) {
            RgbImage img = output.committed.get(f);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        float v = seen[f * size + (c * height + y) * width + x];
                        assertEquals((int) (v * 255f), img.channel(x, y, c), "frame " + f + " (" + x + "," + y + "," + c + ")");
                    }
                }
            }
        }
    }

    @Test
    void anObserverThatThrowsStopsTheGenerationAndNothingIsCommitted() {
        Frames output = new Frames();
        IllegalStateException stop = new IllegalStateException("enough");
        GenerationRequest request = FIXTURE.request(output).optSteps(1).optDecodedFrameObserver((f, pixels) -> {
            if (f == 3) {
                throw stop;
            }
        }).build();
        assertSame(stop, assertThrows(IllegalStateException.class, () -> generator.generate(request)));
        assertEquals(0, output.committed.size());
    }
}
