package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.kps.KpsCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * extract-kps on V-Express's own sample video (skipped when /work/shared/samples is absent), with the
 * no-download cascade detector: the sequence must follow the sample's kps.pth (extracted by V-Express with
 * SCRFD) within the cascade's precision, and the audio track must be written.
 */
class ExtractKpsCommandTest {
    @TempDir
    Path dir;

    @Test
    void extractsTheSampleVideosKeypointsAndAudio() throws IOException {
        Path samples = Path.of(System.getProperty("vexpress.shared.samples", "../shared/samples"));
        Path video = samples.resolve("AOC/gt.mp4");
        Assumptions.assumeTrue(Files.isRegularFile(video), "V-Express samples not available");

        Path kps = dir.resolve("out/kps.pth");
        Path audio = dir.resolve("out/aud.mp3");
        CliHarness r = CliHarness.run("extract-kps", "--json", "--tolerant", "--video_path", video.toString(),
                "--kps_sequence_save_path", kps.toString(), "--audio_save_path", audio.toString());
        assertEquals(ExitCodes.OK, r.exitCode, r::toString);
        List<String> lines = r.out.strip().lines().toList();
        JsonNode result = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals("result", result.get("event").asText(), r::toString);

        KeypointSequence extracted = new KpsCodec().read(kps);
        KeypointSequence reference = new KpsCodec().read(samples.resolve("AOC/kps.pth"));
        assertEquals(reference.frameCount(), extracted.frameCount(), "one face per video frame");
        assertEquals(extracted.frameCount(), result.get("frames").asInt());
        double sum = 0;
        for (int f = 0; f < extracted.frameCount(); f++) {
            for (int p = 0; p < 3; p++) {
                sum += Math.hypot(extracted.get(f, p, 0) - reference.get(f, p, 0), extracted.get(f, p, 1) - reference.get(f, p, 1));
            }
        }
        double mean = sum / (3.0 * extracted.frameCount());
        assertTrue(mean < 15, "mean distance to V-Express's SCRFD keypoints: " + mean + " px");
        assertTrue(Files.size(audio) > 1000, "audio track written");
    }

    @Test
    void aMissingVideoIsInvalidInput() {
        CliHarness r = CliHarness.run("extract-kps", "--video_path", dir.resolve("none.mp4").toString(),
                "--kps_sequence_save_path", dir.resolve("k.pth").toString());
        assertEquals(ExitCodes.INVALID_INPUT, r.exitCode, r::toString);
        assertTrue(r.err.contains("none.mp4") && r.err.contains("does not exist"), r::toString);
    }
}
