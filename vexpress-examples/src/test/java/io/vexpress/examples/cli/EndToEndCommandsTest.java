package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.examples.demo.DemoAssets;
import io.vexpress.examples.demo.DemoPortrait;
import io.vexpress.examples.demo.ShortDemo;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.media.RgbImage;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate, preview and demo through the command line, on the tiny bundle and one context window. */
class EndToEndCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static DemoAssets demo;
    static DemoAssets tiny;

    @BeforeAll
    static void inputs() {
        demo = ShortDemo.create(dir.resolve("inputs"), 1.2);
        tiny = ShortDemo.create(dir.resolve("tiny-inputs"), 0.2);
    }

    private static List<String> inputFlags(String strategy, Path output) {
        FaceKeypoints k = DemoPortrait.KEYPOINTS;
        return new ArrayList<>(List.of("--reference_image_path", demo.portrait().toString(),
                "--audio_path", demo.speech().toString(), "--kps_path", demo.keypoints().toString(),
                "--retarget_strategy", strategy, "--output_path", output.toString(),
                "--reference_kps", k.leftEyeX() + "," + k.leftEyeY() + "," + k.rightEyeX() + "," + k.rightEyeY() + ","
                        + k.noseX() + "," + k.noseY()));
    }

    private static JsonNode lastJson(CliHarness r) throws IOException {
        List<String> lines = r.out.strip().lines().toList();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    @Test
    void previewHasExactlyTheLengthAndFpsOfGenerate() throws IOException {
        Path video = dir.resolve("generated.mp4");
        List<String> generate = inputFlags("offset_retarget", video);
        generate.addAll(0, List.of("generate", "--json", "--models", demo.bundle().toString()));
        generate.addAll(List.of("--num_inference_steps", "1", "--guidance_scale", "1", "--fps", "25"));
        CliHarness g = CliHarness.run(generate.toArray(String[]::new));
        assertEquals(ExitCodes.OK, g.exitCode, g::toString);
        JsonNode generated = lastJson(g);
        assertEquals("result", generated.get("event").asText(), g::toString);
        assertTrue(g.out.contains("\"event\":\"denoising_step\""), "progress events in JSON mode: " + g);

        List<String> preview = inputFlags("offset_retarget", dir.resolve("preview.mp4"));
        preview.addAll(0, List.of("preview", "--json"));
        preview.addAll(List.of("--fps", "25"));
        CliHarness p = CliHarness.run(preview.toArray(String[]::new));
        assertEquals(ExitCodes.OK, p.exitCode, p::toString);
        JsonNode previewed = lastJson(p);

        assertEquals(generated.get("frames").asInt(), previewed.get("frames").asInt());
        assertEquals(generated.get("fps").asDouble(), previewed.get("fps").asDouble(), 0.0);
        assertEquals(generated.get("audio_seconds").asDouble(), previewed.get("audio_seconds").asDouble(), 0.0);
        // 1.2 s at 25 fps: int(30) frames -> one window of 24, played at 20 fps.
        assertEquals(24, previewed.get("frames").asInt());
    }

    @Test
    void previewDrawsTheConditioningOverTheReferenceAndTheDrivingKeypointsBeside() {
        Path out = dir.resolve("fix-face-preview.mp4");
        List<String> args = inputFlags("fix_face", out);
        args.add(0, "preview");
        args.add("-q");
        CliHarness r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertEquals("", r.out + r.err, "quiet");

        RgbImage first;
        int frames = 0;
        try (VideoDecoder.Reader video = Services.require(VideoDecoder.class, "vexpress-media").open(out)) {
            first = video.nextFrame();
            frames = 1;
            while (video.nextFrame() != null) {
                frames++;
            }
        }
        assertEquals(24, frames);
        assertEquals(1024, first.width());
        assertEquals(512, first.height());
        FaceKeypoints k = DemoPortrait.KEYPOINTS;
        // Left half: fix_face draws the reference's own keypoints; the nose dot is blue, the left eye dot red.
        assertBlue(first, (int) k.noseX(), (int) k.noseY());
        assertRed(first, (int) k.leftEyeX(), (int) k.leftEyeY());
        // Right half: the driving sequence's first frame is the resting face too (the demo motion starts there).
        assertBlue(first, 512 + (int) k.noseX(), (int) k.noseY());
        // Away from the keypoints the left half shows the portrait's background, the right half black.
        assertTrue(first.channel(20, 20, 2) > 100, "portrait background is blue sky");
        assertTrue(first.channel(512 + 20, 20, 0) + first.channel(512 + 20, 20, 1) + first.channel(512 + 20, 20, 2) < 40);
    }

    private static void assertBlue(RgbImage img, int x, int y) {
        assertTrue(img.channel(x, y, 2) > 150 && img.channel(x, y, 0) < 100,
                "blue at " + x + "," + y + ": " + img.channel(x, y, 0) + "," + img.channel(x, y, 1) + "," + img.channel(x, y, 2));
    }

    private static void assertRed(RgbImage img, int x, int y) {
        assertTrue(img.channel(x, y, 0) > 150 && img.channel(x, y, 2) < 100,
                "red at " + x + "," + y + ": " + img.channel(x, y, 0) + "," + img.channel(x, y, 1) + "," + img.channel(x, y, 2));
    }

    @Test
    void demoSaysTheModelsAreStandInsAndWritesAVideo() throws IOException {
        Path out = dir.resolve("demo/out.mp4");
        CliHarness r = CliHarness.run("demo", "--num_inference_steps", "1", "--seconds", "0.2", "-o", out.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        assertTrue(r.err.contains("random-weight stand-ins"), r::toString);
        assertTrue(r.err.contains("docs/model-bundle.md") && r.err.contains("tools/export"), r::toString);
        assertTrue(r.err.contains("Denoising") && r.err.contains("done in"), "progress shown: " + r);
        assertTrue(r.out.startsWith("Wrote " + out.toAbsolutePath()), r::toString);
        assertTrue(r.out.contains("6 frames at 30.000 fps (0.20 s of audio)"), r::toString);
        assertTrue(Files.size(out) > 1000);
    }

    @Test
    void demoInJsonModeStartsWithTheNoticeAndEndsWithTheResult() throws IOException {
        Path out = dir.resolve("demo-json/out.mp4");
        CliHarness r = CliHarness.run("demo", "--json", "--num_inference_steps", "1", "--seconds", "0.2", "-o", out.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        List<String> lines = r.out.strip().lines().toList();
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("notice", first.get("event").asText(), r::toString);
        assertTrue(first.get("message").asText().contains("random-weight stand-ins"));
        for (String line : lines) {
            JSON.readTree(line); // every line is JSON
        }
        JsonNode result = JSON.readTree(lines.get(lines.size() - 2));
        assertEquals("result", result.get("event").asText(), r::toString);
        assertEquals(6, result.get("frames").asInt());
        assertEquals("notice", JSON.readTree(lines.get(lines.size() - 1)).get("event").asText());
        assertEquals("", r.err, "nothing but JSON");
    }
}
