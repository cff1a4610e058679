package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.CancellationToken;
import io.vexpress.Device;
import io.vexpress.GenerationCancelledException;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.InvalidInputException;
import io.vexpress.MemoryMode;
import io.vexpress.ModelBundleException;
import io.vexpress.RetargetStrategy;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end behaviour of the engine on the tiny contract bundle (64x64, 14 frames, 3 steps). */
class GenerationEndToEndTest {
    private static final ParityFixture FIXTURE = new ParityFixture();
    private static VExpressGenerator generator;

    @BeforeAll
    static void open() {
        generator = new VExpressGenerator(TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.KEEP_LOADED));
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    private static List<RgbImage> generate(TalkingHeadGenerator g, UnaryOperator<GenerationRequest.Builder> settings) {
        CapturingOutput out = new CapturingOutput();
        g.generate(settings.apply(FIXTURE.request(out)).build());
        assertEquals(1, out.opened);
        assertEquals(1, out.closed);
        return out.committed;
    }

    @Test
    void sameSeedGivesIdenticalFramesAndAnotherSeedDiffers() {
        List<RgbImage> a = generate(generator, b -> b);
        List<RgbImage> b = generate(generator, r -> r);
        List<RgbImage> c = generate(generator, r -> r.optSeed(43));
        assertEquals(14, a.size());
        assertEquals(a, b);
        assertEquals(a.size(), c.size());
        assertNotEquals(a.get(7), c.get(7));
    }

    @Test
    void guidanceOneRunsOnlyTheConditionalHalf() {
        generate(generator, r -> r);
        DenoisingStats guided = generator.lastStats();
        assertEquals(2, guided.unetBatch());
        assertEquals(3 * 2, guided.unetCalls(), "3 steps x 2 windows");
        List<RgbImage> plain = generate(generator, r -> r.optGuidanceScale(1.0));
        DenoisingStats unguided = generator.lastStats();
        assertEquals(1, unguided.unetBatch());
        assertEquals(3 * 2, unguided.unetCalls());
        assertEquals(14, plain.size());
    }

    @Test
    void releaseAfterStageGivesIdenticalFramesAndKeepsNothingOpen() {
        List<RgbImage> kept = generate(generator, r -> r);
        try (VExpressGenerator lean = new VExpressGenerator(
                TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.RELEASE_AFTER_STAGE))) {
            List<String> openDuringDenoising = new ArrayList<>();
            CapturingOutput out = new CapturingOutput();
            lean.generate(FIXTURE.request(out).build(), e -> {
                if (e instanceof ProgressEvent.DenoisingStep s && s.step() == 1 && s.window() == 1) {
                    lean.bundle().sessions().openComponents().forEach(c -> openDuringDenoising.add(c.manifestName()));
                }
            }, new CancellationToken());
            assertEquals(kept, out.committed);
            assertEquals(List.of("denoising_unet"), openDuringDenoising);
            assertTrue(lean.bundle().sessions().openComponents().isEmpty());
        }
    }

    @Test
    void movingKeypointsAreDrawnForEveryWindowCall() {
        generate(generator, r -> r);
        // 14 distinct faces; windows [0..7] and [6..13] alternate, so every position changes face at every call
        assertEquals(3 * 2 * 8, generator.lastStats().drawnKeypointFrames(), "3 steps x 2 windows x 8 frames");
    }

    @Test
    void cancellingInTheLoopLeavesNothingBehind() {
        CancellationToken token = new CancellationToken();
        CapturingOutput out = new CapturingOutput();
        List<Stage> started = new ArrayList<>();
        assertThrows(GenerationCancelledException.class, () -> generator.generate(FIXTURE.request(out).build(), e -> {
            if (e instanceof ProgressEvent.StageStarted s) {
                started.add(s.stage());
            }
            if (e instanceof ProgressEvent.DenoisingStep s && s.step() == 2 && s.window() == 1) {
                token.cancel();
            }
        }, token));
        assertFalse(started.contains(Stage.DECODING_AND_ENCODING));
        assertEquals(0, out.opened, "the sink is never opened");
        assertTrue(out.committed.isEmpty());
    }

    @Test
    void interruptingTheThreadCancels() {
        CapturingOutput out = new CapturingOutput();
        try {
            assertThrows(GenerationCancelledException.class, () -> generator.generate(FIXTURE.request(out).build(), e -> {
                if (e instanceof ProgressEvent.DenoisingStep s && s.step() == 1 && s.window() == 2) {
                    Thread.currentThread().interrupt();
                }
            }, new CancellationToken()));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag stays set");
        }
        assertEquals(0, out.opened);
    }

    @Test
    void cancellingWhileWritingDiscardsTheOutput() {
        CancellationToken token = new CancellationToken();
        CapturingOutput out = new CapturingOutput();
        out.onWrite = () -> {
            if (out.written == 3) {
                token.cancel();
            }
        };
        assertThrows(GenerationCancelledException.class,
                () -> generator.generate(FIXTURE.request(out).build(), e -> { }, token));
        assertEquals(1, out.opened);
        assertEquals(1, out.closed, "the sink is closed without commit");
        assertTrue(out.committed.isEmpty());
    }

    @Test
    void aDrivingFaceOfAnotherSizeThanTheReferenceIsReportedForNoRetarget() {
        List<String> events = new ArrayList<>();
        // the fixture's driving face has eyes about 23 px apart; this reference face's are 46 px apart
        GenerationResult result = generator.generate(FIXTURE.request(new CapturingOutput())
                .optRetargetStrategy(RetargetStrategy.NO_RETARGET)
                .optReferenceKeypoints(new FaceKeypoints(9, 20, 55, 20, 32, 45)).build(),
                e -> {
                    if (e instanceof ProgressEvent.Warning w) {
                        events.add(w.message());
                    }
                }, new CancellationToken());
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("offset_retarget")), result.warnings().toString());
        assertEquals(result.warnings(), events);
        GenerationResult fitting = generator.generate(FIXTURE.request(new CapturingOutput())
                .optRetargetStrategy(RetargetStrategy.NO_RETARGET)
                .optReferenceKeypoints(new FaceKeypoints(21, 26, 43, 25, 32, 38)).build());
        assertTrue(fitting.warnings().stream().noneMatch(w -> w.contains("retarget")), fitting.warnings().toString());
    }

    @Test
    void progressReportsEveryStageAndWindowInOrder() {
        List<ProgressEvent> events = new ArrayList<>();
        CapturingOutput out = new CapturingOutput();
        GenerationResult result = generator.generate(FIXTURE.request(out).build(), events::add, new CancellationToken());
        List<Stage> stages = new ArrayList<>();
        int windows = 0;
        int encoded = 0;
        for (ProgressEvent e : events) {
            if (e instanceof ProgressEvent.StageStarted s) {
                stages.add(s.stage());
            } else if (e instanceof ProgressEvent.DenoisingStep) {
                windows++;
            } else if (e instanceof ProgressEvent.FramesEncoded f) {
                assertEquals(++encoded, f.frames());
                assertEquals(14, f.totalFrames());
            }
        }
        assertEquals(List.of(Stage.values()), stages);
        assertEquals(6, windows);
        assertEquals(14, encoded);
        assertEquals(List.of(Stage.values()), new ArrayList<>(new java.util.TreeMap<>(result.stageTimings()).keySet()));
        assertEquals(0.56, result.audioDurationSeconds(), 1e-12);
        assertTrue(out.format.audio().isPresent(), "PCM input is handed to the sink for muxing");
    }

    @Test
    void fixFaceWithoutKeypointsOrDetectorFailsBeforeAnyModelRuns() {
        List<Stage> started = new ArrayList<>();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> generator.generate(
                FIXTURE.request(new CapturingOutput()).optRetargetStrategy(RetargetStrategy.FIX_FACE).build(),
                ev -> {
                    if (ev instanceof ProgressEvent.StageStarted s) {
                        started.add(s.stage());
                    }
                }, new CancellationToken()));
        assertTrue(e.getMessage().contains("optReferenceKeypoints") && e.getMessage().contains("face detector"), e.getMessage());
        assertEquals(List.of(Stage.LOAD_INPUTS), started);
    }

    @Test
    void fixFaceDrawsEachWindowPositionOnce() {
        List<RgbImage> frames = generate(generator, r -> r.optRetargetStrategy(RetargetStrategy.FIX_FACE)
                .optReferenceKeypoints(new FaceKeypoints(21, 26, 43, 25, 32, 38)));
        assertEquals(14, frames.size());
        // one face everywhere: the first call draws the window's 8 positions, every later call finds them drawn
        assertEquals(8, generator.lastStats().drawnKeypointFrames(), "not 3 steps x 2 windows x 8");
    }

    @Test
    void fixFaceAsksTheConfiguredDetectorWithTheImageAtOutputSize() {
        List<String> seen = new ArrayList<>();
        FaceKeypoints face = new FaceKeypoints(21, 26, 43, 25, 32, 38);
        io.vexpress.keypoints.FaceKeypointDetector detector = image -> {
            seen.add(image.width() + "x" + image.height());
            return List.of(new io.vexpress.keypoints.DetectedFace(5, 5, 60, 60, 0.9f,
                    new float[] {21, 26, 43, 25, 32, 38, 25, 50, 40, 50}));
        };
        var config = new io.vexpress.GeneratorConfig(TinyBundle.folder(), Device.cpu(), io.vexpress.Precision.FP32,
                MemoryMode.KEEP_LOADED, 2, java.util.Optional.empty(), java.util.Optional.of(detector));
        try (VExpressGenerator g = new VExpressGenerator(config)) {
            List<RgbImage> detected = generate(g, r -> r.optRetargetStrategy(RetargetStrategy.FIX_FACE));
            List<RgbImage> given = generate(generator, r -> r.optRetargetStrategy(RetargetStrategy.FIX_FACE)
                    .optReferenceKeypoints(face));
            assertEquals(List.of("64x64"), seen, "inference.py detects on the image resized to the output size");
            assertEquals(given, detected);
        }
    }

    @Test
    void concurrentGenerationsOnOneGeneratorAreSerialisedAndIdentical() throws Exception {
        List<RgbImage> serial = generate(generator, r -> r);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> generate(generator, r -> r));
            var second = pool.submit(() -> generate(generator, r -> r));
            assertEquals(serial, first.get());
            assertEquals(serial, second.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void builderFindsTheEngineAndRejectsABrokenBundle(@TempDir Path tmp) throws IOException {
        try (TalkingHeadGenerator g = TalkingHeadGenerator.builder().setModelBundle(TinyBundle.folder()).optIntraOpThreads(2).build()) {
            assertInstanceOf(VExpressGenerator.class, g);
            assertEquals(14, generate(g, r -> r).size());
        }
        Path broken = TinyBundle.copyTo(tmp.resolve("bundle"));
        Files.copy(TinyBundle.resource("contract-violations/denoising_unet_format1.onnx"), broken.resolve("denoising_unet.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        ModelBundleException e = assertThrows(ModelBundleException.class,
                () -> TalkingHeadGenerator.builder().setModelBundle(broken).build());
        assertTrue(e.getMessage().contains("denoising_unet.onnx") && e.getMessage().contains("'kps_features'")
                && e.getMessage().contains("tools/export/export_bundle.py"), e.getMessage());
    }

    @Test
    void aClosedGeneratorRefusesWork() {
        VExpressGenerator g = new VExpressGenerator(TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.RELEASE_AFTER_STAGE));
        g.close();
        g.close();
        assertThrows(IllegalStateException.class, () -> g.generate(FIXTURE.request(new CapturingOutput()).build()));
        assertNull(g.lastStats());
        assertFalse(ModelComponent.FACE_DETECTOR.required());
    }
}
