package io.vexpress.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.GenerationResult;
import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.DemoPortrait;
import io.vexpress.examples.demo.ShortDemo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example program on the tiny stand-in bundle: 0.2 s of speech (6 frames) and one denoising step,
 * so each runs in seconds. They prove the examples drive the real engine, not the quality of anything.
 */
class ExamplesEndToEndTest {
    @TempDir
    static Path dir;
    static DemoAssets demo;

    @BeforeAll
    static void inputs() throws IOException {
        demo = ShortDemo.create(dir.resolve("inputs"), 0.2);
    }

    private static ExampleInputs inputs(String output) {
        return new ExampleInputs(demo.bundle(), demo.portrait(), demo.speech(), demo.keypoints(), dir.resolve(output),
                Optional.of(DemoPortrait.KEYPOINTS), 1);
    }

    private static void assertVideo(GenerationResult result, Path file) throws IOException {
        assertEquals(6, result.frameCount(), "0.2 s at 30 fps is 6 frames, shorter than a window");
        assertEquals(30.0, result.fps(), 1e-9, "6 frames over 0.2 s");
        assertTrue(Files.size(file) > 1000, "an MP4 was written");
    }

    @Test
    void samePersonWithNoRetarget() throws IOException {
        ExampleInputs in = inputs("same.mp4");
        assertVideo(SamePersonExample.run(in), in.output());
    }

    @Test
    void anyAudioWithFixFace() throws IOException {
        ExampleInputs in = inputs("any.mp4");
        assertVideo(AnyAudioExample.run(in), in.output());
    }

    @Test
    void differentPersonWithOffsetRetarget() throws IOException {
        ExampleInputs in = inputs("different.mp4");
        assertVideo(DifferentPersonExample.run(in), in.output());
    }

    @Test
    void customWeights() throws IOException {
        ExampleInputs in = inputs("weights.mp4");
        GenerationResult result = CustomWeightsExample.run(in);
        assertVideo(result, in.output());
        assertTrue(result.warnings().stream().noneMatch(w -> w.contains("attention weight")),
                "0.95 and 3.0 are within the recommended ranges: " + result.warnings());
        assertTrue(result.warnings().stream().anyMatch(w -> w.contains("lasts 0.20 s")), "the test's short clip: " + result.warnings());
    }

    @Test
    void framesGoIntoTheUsersOwnSink() throws IOException {
        ExampleInputs in = inputs("frames");
        GenerationResult result = CustomFrameSinkExample.run(in);
        try (Stream<Path> pngs = Files.list(in.output())) {
            assertEquals(result.frameCount(), pngs.filter(p -> p.toString().endsWith(".png")).count());
        }
        assertTrue(Files.isRegularFile(in.output().resolve("frame-00005.png")));
        try (Stream<Path> leftovers = Files.list(dir)) {
            assertFalse(leftovers.anyMatch(p -> p.getFileName().toString().startsWith(".frames-")), "temporary folder moved");
        }
    }

    @Test
    void cancellationStopsTheGenerationAndLeavesNoFile() throws InterruptedException {
        ExampleInputs in = inputs("cancelled.mp4");
        assertTrue(ProgressAndCancellationExample.run(in, 0.05).isEmpty(), "cancelled within the budget");
        assertFalse(Files.exists(in.output()));
    }

    @Test
    void progressIsReportedWhenThereIsTimeEnough() throws InterruptedException {
        ExampleInputs in = inputs("progress.mp4");
        Optional<GenerationResult> result = ProgressAndCancellationExample.run(in, 600);
        assertTrue(result.isPresent());
        assertEquals(6, result.get().frameCount());
    }
}
