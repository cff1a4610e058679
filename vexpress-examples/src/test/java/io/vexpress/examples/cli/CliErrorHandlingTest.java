package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliErrorHandlingTest {
    @TempDir
    Path dir;

    private Path file(String name) throws IOException {
        return Files.write(dir.resolve(name), new byte[] {1, 2, 3});
    }

    @Test
    void missingRequiredOptionIsAUsageErrorOnOneLineWithAHint() {
        CliHarness r = CliHarness.run("generate", "--audio_path", "a.wav");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.startsWith("vexpress: error: Missing required option"), r::toString);
        assertTrue(r.err.contains("Try 'vexpress generate --help'."), r::toString);
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void unknownRetargetStrategyNamesTheAcceptedOnes() throws IOException {
        CliHarness r = CliHarness.run("generate", "--reference_image_path", file("r.png").toString(),
                "--audio_path", file("a.wav").toString(), "--output_path", dir.resolve("o.mp4").toString(),
                "--retarget_strategy", "sideways");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        assertTrue(r.err.contains("fix_face, no_retarget, offset_retarget, naive_retarget"), r::toString);
    }

    @Test
    void kebabCaseAliasesAreAccepted() throws IOException {
        CliHarness r = CliHarness.run("generate", "--reference-image-path", file("r.png").toString(),
                "--audio-path", file("a.wav").toString(), "--output-path", dir.resolve("o.mp4").toString(),
                "--retarget-strategy", "no-retarget", "--models", dir.resolve("none").toString());
        // Parsed fine; fails later, on the request check (no_retarget needs a kps file).
        assertEquals(ExitCodes.INVALID_INPUT, r.exitCode, r::toString);
        assertTrue(r.err.contains("no_retarget needs a driving keypoint sequence"), r::toString);
    }

    @Test
    void badInputGetsExitCode3AndOneLine() throws IOException {
        CliHarness r = CliHarness.run("generate", "--reference_image_path", dir.resolve("missing.jpg").toString(),
                "--audio_path", file("a.wav").toString(), "--output_path", dir.resolve("o.mp4").toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exitCode, r::toString);
        assertEquals(1, r.err.strip().lines().count(), r::toString);
        assertTrue(r.err.startsWith("vexpress: error: "), r::toString);
        assertTrue(r.err.contains("missing.jpg"), r::toString);
    }

    @Test
    void missingModelBundleGetsExitCode4AndSaysHowToGetOne() throws IOException {
        CliHarness r = CliHarness.run("generate", "--reference_image_path", file("r.png").toString(),
                "--audio_path", file("a.wav").toString(), "--output_path", dir.resolve("o.mp4").toString(),
                "--models", dir.resolve("no-bundle").toString());
        assertEquals(ExitCodes.MODELS, r.exitCode, r::toString);
        assertTrue(r.err.contains("tools/export") && r.err.contains("docs/model-bundle.md"), r::toString);
        assertEquals(1, r.err.strip().lines().count(), r::toString);
    }

    @Test
    void folderWithoutManifestIsNotABundle() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        CliHarness r = CliHarness.run("inspect-models", "--models", dir.resolve("empty").toString());
        assertEquals(ExitCodes.MODELS, r.exitCode, r::toString);
        assertTrue(r.err.contains("no manifest.json"), r::toString);
    }

    @Test
    void jsonModePrintsOneErrorObjectOnStdout() throws IOException {
        CliHarness r = CliHarness.run("generate", "--json", "--reference_image_path", file("r.png").toString(),
                "--audio_path", file("a.wav").toString(), "--output_path", dir.resolve("o.mp4").toString(),
                "--num_inference_steps", "0", "--models", dir.resolve("x").toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exitCode, r::toString);
        JsonNode error = new ObjectMapper().readTree(r.out.strip());
        assertEquals("error", error.get("event").asText());
        assertEquals(3, error.get("exit_code").asInt());
        assertEquals("invalid_input", error.get("error").asText());
        assertTrue(error.get("message").asText().contains("Steps (--num_inference_steps) must be >= 1"), r::toString);
    }

    @Test
    void jsonModeReportsUsageErrorsToo() throws IOException {
        CliHarness r = CliHarness.run("generate", "--json", "--fps", "fast");
        assertEquals(ExitCodes.USAGE, r.exitCode, r::toString);
        JsonNode error = new ObjectMapper().readTree(r.out.strip());
        assertEquals("usage", error.get("error").asText());
    }

    @Test
    void quietModePrintsOnlyTheError() throws IOException {
        CliHarness r = CliHarness.run("generate", "-q", "--reference_image_path", file("r.png").toString(),
                "--audio_path", file("a.wav").toString(), "--output_path", dir.resolve("o.mp4").toString(),
                "--models", dir.resolve("x").toString());
        assertEquals(ExitCodes.MODELS, r.exitCode, r::toString);
        assertEquals("", r.out);
        assertEquals(1, r.err.strip().lines().count(), r::toString);
    }

    @Test
    void helpListsEveryInferencePyFlagAndTheExitCodes() {
        CliHarness r = CliHarness.run("generate", "--help");
        assertEquals(0, r.exitCode, r::toString);
        for (String flag : new String[] {"--reference_image_path", "--audio_path", "--kps_path", "--output_path",
                "--retarget_strategy", "--num_inference_steps", "--reference_attention_weight", "--audio_attention_weight",
                "--save_gpu_memory", "--models", "--device", "--seed", "--guidance_scale", "--fps", "--context_frames",
                "--context_overlap", "--width", "--height", "--reference-image-path", "--save-gpu-memory"}) {
            assertTrue(r.out.contains(flag), flag + " missing from help:\n" + r.out);
        }
        assertTrue(r.out.contains("Exit codes:"), r.out);
    }

    @Test
    void exitCodesAreDistinct() {
        int[] codes = {ExitCodes.OK, ExitCodes.INTERNAL_ERROR, ExitCodes.USAGE, ExitCodes.INVALID_INPUT,
                ExitCodes.MODELS, ExitCodes.MEDIA, ExitCodes.CANCELLED};
        assertEquals(codes.length, java.util.Arrays.stream(codes).distinct().count());
    }

    @Test
    void anUndecodableInputGetsTheMediaExitCode() throws IOException {
        // preview needs no models, so the decoders are the first to see the garbage image
        CliHarness r = CliHarness.run("preview", "--reference_image_path", file("r.png").toString(),
                "--audio_path", file("a.wav").toString(), "--output_path", dir.resolve("p.mp4").toString(),
                "--reference_kps", "200,230,310,230,256,300");
        assertEquals(ExitCodes.MEDIA, r.exitCode, r::toString);
        assertTrue(r.err.lines().anyMatch(l -> l.startsWith("vexpress: error: ") && l.contains("r.png")), r::toString);
        assertFalse(r.err.contains("\tat "), "no stack trace: " + r);
        assertFalse(Files.exists(dir.resolve("p.mp4")));
    }

    @Test
    void unexpectedExceptionsAreInternalErrorsThatAskForAReport() {
        int code = ExitCodes.of(new IllegalStateException("boom"));
        assertEquals(ExitCodes.INTERNAL_ERROR, code);
        String line = CliCommand.message(code, new IllegalStateException("boom"), CliSettingNames.GENERATE);
        assertTrue(line.contains("IllegalStateException: boom") && line.contains("--verbose"), line);
        assertEquals(ExitCodes.MODELS, ExitCodes.of(new io.vexpress.EngineNotFoundException("x")));
        assertEquals(ExitCodes.CANCELLED, ExitCodes.of(new io.vexpress.GenerationCancelledException("x")));
    }
}
