package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.examples.demo.TinyBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectModelsCommandTest {
    @TempDir
    Path dir;

    @Test
    void theTinyBundlePassesAndEveryModelIsListedWithItsPorts() throws IOException {
        Path bundle = TinyBundle.copyTo(dir.resolve("bundle"));
        CliHarness r = CliHarness.run("inspect-models", "--models", bundle.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        for (String model : new String[] {"vae_encoder", "vae_decoder", "reference_net", "denoising_unet",
                "audio_encoder", "audio_projection"}) {
            assertTrue(r.out.contains("ok    " + model), model + " in\n" + r.out);
        }
        assertTrue(r.out.contains("in  kps_images"), r.out);
        assertTrue(r.out.contains("out noise_pred"), r.out);
        assertTrue(r.out.contains("Contract: PASS"), r.out);
        assertTrue(r.out.contains("audio feature width 32"), "the tiny bundle's Da, read from its models: " + r.out);
    }

    @Test
    void aMissingModelFileFailsWithExitCode4() throws IOException {
        Path bundle = TinyBundle.copyTo(dir.resolve("bundle"));
        Files.delete(bundle.resolve("audio_projection.onnx"));
        CliHarness r = CliHarness.run("inspect-models", "--models", bundle.toString());
        assertEquals(ExitCodes.MODELS, r.exitCode, r::toString);
        assertTrue(r.err.contains("audio_projection"), r::toString);
    }

    @Test
    void aModelThatBreaksTheContractFailsNamingIt() throws IOException {
        Path bundle = TinyBundle.copyTo(dir.resolve("bundle"));
        // The VAE decoder where the encoder should be: wrong input name and shape.
        Files.copy(bundle.resolve("vae_decoder.onnx"), bundle.resolve("vae_encoder.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliHarness r = CliHarness.run("inspect-models", "--json", "--models", bundle.toString());
        assertEquals(ExitCodes.MODELS, r.exitCode, r::toString);
        JsonNode error = new ObjectMapper().readTree(r.out.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals("model_bundle", error.get("error").asText());
        assertTrue(error.get("message").asText().contains("vae_encoder"), r::toString);
    }
}
