package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.GeneratorConfig;
import io.vexpress.MemoryMode;
import io.vexpress.Precision;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * One generation over two UNet sessions (two CPU "devices") writes the same bytes as over one: the window
 * dispatcher changes where windows run, not what is computed.
 */
class MultiDeviceGenerationTest {
    private static final ParityFixture FIXTURE = new ParityFixture();

    private static GeneratorConfig config(MemoryMode mode, Device... devices) {
        return new GeneratorConfig(TinyBundle.folder(), devices[0], Precision.FP32, mode, 1, Optional.empty(),
                Optional.empty(), List.of(devices));
    }

    /** Decoded float frames (before quantisation) and the written frames. */
    private record Frames(List<float[]> decoded, List<RgbImage> written, DenoisingStats stats) {
    }

    private static Frames generate(GeneratorConfig config, UnaryOperator<GenerationRequest.Builder> settings) {
        try (VExpressGenerator g = new VExpressGenerator(config)) {
            List<float[]> decoded = new ArrayList<>();
            CapturingOutput out = new CapturingOutput();
            g.generate(settings.apply(FIXTURE.request(out)).optDecodedFrameObserver((f, pixels) -> {
                float[] copy = new float[pixels.remaining()];
                pixels.duplicate().get(copy);
                decoded.add(copy);
            }).build());
            return new Frames(decoded, out.committed, g.lastStats());
        }
    }

    /** 1.5 s at 25 fps in windows of 8 overlapping by 2: 32 frames, 5 windows per step, the fixture's moving keypoints. */
    private static GenerationRequest.Builder fiveWindows(GenerationRequest.Builder b) {
        float[] samples = new float[24_000];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.3 * Math.sin(i * 0.031) * Math.sin(i * 0.0007));
        }
        return b.setAudio(PcmAudio.mono(samples, 16_000)).optFps(25);
    }

    private static void assertSameFrames(Frames one, Frames two) {
        assertEquals(one.written().size(), two.written().size());
        for (int f = 0; f < one.decoded().size(); f++) {
            assertArrayEquals(one.decoded().get(f), two.decoded().get(f), "decoded frame " + f);
        }
        assertEquals(one.written(), two.written(), "written frames");
        assertEquals(one.stats().unetCalls(), two.stats().unetCalls());
    }

    @Test
    void twoCpuSessionsWriteTheFramesOfOneByteForByte() {
        Frames one = generate(config(MemoryMode.KEEP_LOADED, Device.cpu()), MultiDeviceGenerationTest::fiveWindows);
        assertEquals(32, one.written().size());
        assertEquals(3 * 5, one.stats().unetCalls(), "3 steps x 5 windows");
        Frames two = generate(config(MemoryMode.KEEP_LOADED, Device.cpu(), Device.cpu()), MultiDeviceGenerationTest::fiveWindows);
        assertSameFrames(one, two);
    }

    @Test
    void identicalWhenEachDeviceDrawsItsOwnKeypointWindowsAndModelsAreReleasedPerStage() {
        // Format 2: every denoiser draws the V-Kps images into its own window input; the shared keypoints are read only.
        UnaryOperator<GenerationRequest.Builder> unguided = b -> fiveWindows(b).optGuidanceScale(1.0);
        Frames one = generate(config(MemoryMode.KEEP_LOADED, Device.cpu()), unguided);
        Frames three = generate(config(MemoryMode.RELEASE_AFTER_STAGE, Device.cpu(), Device.cpu(), Device.cpu()), unguided);
        assertSameFrames(one, three);
        // (how many images each draws depends on which windows it was given, so only that they drew)
        assertTrue(one.stats().drawnKeypointFrames() > 0 && three.stats().drawnKeypointFrames() > 0,
                one.stats() + " / " + three.stats());
    }

    @Test
    void eachDeviceHoldsItsOwnUNetSession() {
        try (VExpressGenerator g = new VExpressGenerator(config(MemoryMode.KEEP_LOADED, Device.cpu(), Device.cpu()))) {
            int required = (int) java.util.Arrays.stream(ModelComponent.values()).filter(ModelComponent::required).count();
            assertEquals(required + 1, g.bundle().sessions().sessionsOpened(), "every model once, the UNet twice");
            assertEquals(2, g.bundle().sessions().acquireOnEveryDevice(ModelComponent.DENOISING_UNET).stream().distinct().count());
        }
    }
}
