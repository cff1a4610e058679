package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.CancellationToken;
import io.vexpress.Device;
import io.vexpress.GenerationCancelledException;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.ImageFit;
import io.vexpress.InvalidInputException;
import io.vexpress.MemoryMode;
import io.vexpress.ModelBundles;
import io.vexpress.RetargetStrategy;
import io.vexpress.Setting;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.core.runtime.TinyBundle;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.FrameSink;
import io.vexpress.media.PcmAudio;
import io.vexpress.media.RgbImage;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a generation reports and when: the output is checked before any work, every warning takes one path into the
 * result and the events, a waiting generation obeys its token, a throwing listener is reported, timings are ordered.
 */
class GenerationWarningsTest {
    private static final ParityFixture FIXTURE = new ParityFixture();
    private static final FaceKeypoints FACE = new FaceKeypoints(21, 26, 43, 25, 32, 38);
    private static VExpressGenerator generator;

    @BeforeAll
    static void open() {
        generator = new VExpressGenerator(TinyBundle.config(TinyBundle.folder(), Device.cpu(), MemoryMode.KEEP_LOADED));
    }

    @AfterAll
    static void close() {
        generator.close();
    }

    @Test
    void anUnwritableOutputFailsAtOnceWithNothingComputed() {
        List<ProgressEvent> events = new ArrayList<>();
        int[] opened = {0};
        VideoOutput unwritable = new VideoOutput() {
            @Override
            public FrameSink open(VideoFormat format) {
                opened[0]++;
                throw new AssertionError("never opened");
            }

            @Override
            public void checkWritable() {
                throw new InvalidInputException(Setting.OUTPUT, "Cannot write /ro/out.mp4: read-only file system.");
            }
        };
        long start = System.nanoTime();
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> generator.generate(FIXTURE.request(unwritable).build(), events::add, new CancellationToken()));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertTrue(events.stream().noneMatch(ev -> ev instanceof ProgressEvent.StageStarted), "no stage started: " + events);
        assertEquals(0, opened[0]);
        assertTrue(seconds < 1, "failed after " + seconds + " s");
    }

    @Test
    void aShortClipsWarningReachesTheResultAndTheEventsOnce() {
        float[] samples = new float[(int) (0.3 * 16000)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.3 * Math.sin(i * 0.05));
        }
        List<String> events = new ArrayList<>();
        GenerationResult result = generator.generate(FIXTURE.request(new CapturingOutput())
                .setAudio(PcmAudio.mono(samples, 16000)).optSteps(1).build(), e -> {
                    if (e instanceof ProgressEvent.Warning w) {
                        events.add(w.message());
                    }
                }, new CancellationToken());
        List<String> shortAudio = result.warnings().stream().filter(w -> w.contains("lasts 0.30 s")).toList();
        assertEquals(1, shortAudio.size(), result.warnings().toString());
        assertTrue(shortAudio.get(0).contains("1-60 s"), shortAudio.get(0));
        assertEquals(result.warnings(), events, "the events carry exactly the result's warnings");
    }

    @Test
    void aWeightOutsideTheRecommendedRangeIsReportedOnceInOneWording() {
        List<String> events = new ArrayList<>();
        GenerationResult result = generator.generate(FIXTURE.request(new CapturingOutput()).optSteps(1)
                .optReferenceAttentionWeight(2.0).build(), e -> {
                    if (e instanceof ProgressEvent.Warning w) {
                        events.add(w.message());
                    }
                }, new CancellationToken());
        assertEquals(1, result.warnings().stream().filter(w -> w.contains("eference attention weight 2.0")).count(),
                result.warnings().toString());
        assertEquals(result.warnings(), events);
    }

    @Test
    void inputChecksWarnAboutAudioAndPortraitsOutsideTheUsageGuide() {
        List<String> warnings = new ArrayList<>();
        // 1x1 portrait, 300 s at 8 kHz: resolving needs no model
        PcmAudio longLowRate = PcmAudio.mono(tone(300 * 8000, 8000), 8000);
        GenerationRequest request = GenerationRequest.builder().setReferenceImage(RgbImage.of(1, 1, new byte[3]))
                .setAudio(longLowRate).setOutput(new CapturingOutput()).optReferenceKeypoints(new FaceKeypoints(200, 230, 310, 230, 256, 300))
                .build();
        InputResolver.resolve(request, 16000, image -> FACE, warnings::add);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("only 1x1 pixels")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("8000 Hz") && w.contains("16-48 kHz")), warnings.toString());
        String longAudio = warnings.stream().filter(w -> w.contains("lasts 300.0 s")).findFirst().orElseThrow();
        // V-Express's timing for 300 s at 30 fps, windows of 24 overlapping by 4:
        // int(300 * 30) = 9000 frames asked, (9000 - 24) // 20 + 1 = 449 windows, (449 - 1) * 20 + 24 = 8984 frames
        assertTrue(longAudio.contains("8984 frames in 449 context windows"), longAudio);
        assertTrue(longAudio.contains("11225 denoising-UNet calls (25 steps x 449 windows"), longAudio);
        assertTrue(longAudio.contains("5 min 00 s"), longAudio);

        List<String> wide = new ArrayList<>();
        GenerationRequest stretched = GenerationRequest.builder().setReferenceImage(RgbImage.of(800, 400, new byte[800 * 400 * 3]))
                .setAudio(PcmAudio.mono(tone(3 * 16000, 16000), 16000)).setOutput(new CapturingOutput())
                .optReferenceKeypoints(FACE).build();
        InputResolver.resolve(stretched, 16000, image -> FACE, wide::add);
        assertTrue(wide.stream().anyMatch(w -> w.contains("800x400") && w.contains("stretched")), wide.toString());
        assertTrue(wide.stream().anyMatch(w -> w.contains("smaller than the recommended 512x512")), wide.toString());

        List<String> cropped = new ArrayList<>();
        InputResolver.resolve(GenerationRequest.builder().setReferenceImage(RgbImage.of(1024, 600, new byte[1024 * 600 * 3]))
                .setAudio(PcmAudio.mono(tone(3 * 16000, 16000), 16000)).setOutput(new CapturingOutput())
                .optReferenceKeypoints(FACE).optImageFit(ImageFit.CENTER_CROP).build(), 16000, image -> FACE, cropped::add);
        assertTrue(cropped.stream().noneMatch(w -> w.contains("stretched") || w.contains("smaller") || w.contains("audio")),
                cropped.toString());
    }

    private static float[] tone(int n, int rate) {
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            s[i] = (float) (0.2 * Math.sin(2 * Math.PI * 220 * i / rate));
        }
        return s;
    }

    @Test
    void aGenerationWaitingForAnotherOneStopsWhenItsTokenIsCancelled() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<GenerationResult> first = pool.submit(() -> generator.generate(FIXTURE.request(new CapturingOutput())
                    .optSteps(1).build(), e -> {
                        if (e instanceof ProgressEvent.StageStarted s && s.stage() == Stage.DENOISING) {
                            running.countDown();
                            await(release);
                        }
                    }, new CancellationToken()));
            assertTrue(running.await(30, TimeUnit.SECONDS));
            CancellationToken token = new CancellationToken();
            List<ProgressEvent> secondEvents = new ArrayList<>();
            Future<?> second = pool.submit(() -> generator.generate(FIXTURE.request(new CapturingOutput()).build(),
                    secondEvents::add, token));
            Thread.sleep(100);
            assertFalse(second.isDone(), "the second generation waits for the first");
            long cancelled = System.nanoTime();
            token.cancel();
            java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> second.get(5, TimeUnit.SECONDS));
            double waited = (System.nanoTime() - cancelled) / 1e9;
            assertTrue(e.getCause() instanceof GenerationCancelledException, e.toString());
            assertTrue(waited < 1, "stopped " + waited + " s after the cancellation, while the first still ran");
            assertFalse(first.isDone());
            assertTrue(secondEvents.isEmpty(), "it never started: " + secondEvents);
            release.countDown();
            assertEquals(14, first.get(60, TimeUnit.SECONDS).frameCount());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aListenerThatThrowsIsReportedOnceAndTheGenerationGoesOn() {
        int[] calls = {0};
        GenerationResult result = generator.generate(FIXTURE.request(new CapturingOutput()).optSteps(1).build(), e -> {
            calls[0]++;
            throw new IllegalStateException("listener bug");
        }, new CancellationToken());
        assertEquals(14, result.frameCount());
        assertTrue(calls[0] > 10, "keeps receiving events: " + calls[0]);
        List<String> reported = result.warnings().stream().filter(w -> w.contains("listener bug")).toList();
        assertEquals(1, reported.size(), result.warnings().toString());
        assertTrue(reported.get(0).contains("progress listener threw"), reported.get(0));
    }

    @Test
    void stageTimingsIterateInStageOrder() {
        GenerationResult result = generator.generate(FIXTURE.request(new CapturingOutput()).optSteps(1).build());
        assertEquals(List.of(Stage.values()), new ArrayList<>(result.stageTimings().keySet()));
    }

    @Test
    void theStandInBundleUnpacksByNameAndRuns(@TempDir Path dir) {
        Path bundle = ModelBundles.unpack(ModelBundles.TINY, dir.resolve("tiny"));
        assertEquals(dir.resolve("tiny"), bundle);
        assertTrue(Files.isRegularFile(bundle.resolve("manifest.json")));
        try (TalkingHeadGenerator g = TalkingHeadGenerator.builder().setModelBundle(bundle).optIntraOpThreads(2).build()) {
            CapturingOutput out = new CapturingOutput();
            g.generate(FIXTURE.request(out).optSteps(1).build());
            assertEquals(14, out.committed.size());
        }
        // unpacking again over the same folder replaces the files
        ModelBundles.unpack("tiny", bundle);
    }

    @Test
    void aPortraitWithSeveralFacesIsAWarningOfTheResult() {
        io.vexpress.keypoints.DetectedFace face = new io.vexpress.keypoints.DetectedFace(5, 5, 60, 60, 0.9f,
                new float[] {21, 26, 43, 25, 32, 38, 25, 50, 40, 50});
        io.vexpress.keypoints.DetectedFace other = new io.vexpress.keypoints.DetectedFace(0, 0, 10, 10, 0.6f,
                new float[] {1, 2, 3, 2, 2, 4, 1, 5, 3, 5});
        var config = new io.vexpress.GeneratorConfig(TinyBundle.folder(), Device.cpu(), io.vexpress.Precision.FP32,
                MemoryMode.KEEP_LOADED, 2, java.util.Optional.empty(), java.util.Optional.of(image -> List.of(face, other)));
        try (VExpressGenerator g = new VExpressGenerator(config)) {
            GenerationResult r = g.generate(FIXTURE.request(new CapturingOutput()).optSteps(1)
                    .optRetargetStrategy(RetargetStrategy.FIX_FACE).build());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("shows 2 faces") && w.contains("0.90")), r.warnings().toString());
        }
    }

    @Test
    void fixFaceWithoutAFaceNamesTheSettingsThatGiveOne() {
        io.vexpress.keypoints.FaceKeypointDetector none = image -> List.of();
        var config = new io.vexpress.GeneratorConfig(TinyBundle.folder(), Device.cpu(), io.vexpress.Precision.FP32,
                MemoryMode.KEEP_LOADED, 2, java.util.Optional.empty(), java.util.Optional.of(none));
        try (VExpressGenerator g = new VExpressGenerator(config)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> g.generate(
                    FIXTURE.request(new CapturingOutput()).optRetargetStrategy(RetargetStrategy.FIX_FACE).build()));
            assertEquals(Setting.REFERENCE_KEYPOINTS, e.setting().orElseThrow());
            assertTrue(e.getMessage().contains("optReferenceKeypoints(FaceKeypoints)"), e.getMessage());
            String named = e.message((s, v) -> "--" + s.name());
            assertTrue(named.contains("--REFERENCE_KEYPOINTS") && named.contains("--FACE_DETECTOR"), named);
        }
    }
}
