package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vexpress.core.denoise.VideoTiming;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames and exact fps per audio duration against inference.py's formula (golden/pipeline/video_lengths.json
 * from tools/tiny-models/make_tiny_bundle.py).
 */
class VideoLengthParityTest {

    /**
     * Every case where the audio lasts at least one window must match inference.py exactly. Shorter audio is
     * where we deliberately differ: the reference computes a meaningless length there (or crashes), we make
     * one window of all {@code int(duration * fps)} frames.
     */
    @Test
    void videoLengthFollowsInferencePy() throws IOException {
        JsonNode table = new ObjectMapper().readTree(ParityFixture.file("video_lengths.json").toFile());
        List<String> wrong = new ArrayList<>();
        int shortCases = 0;
        for (JsonNode c : table.get("cases")) {
            double duration = c.get("samples").asInt() / 16000.0;
            VideoTiming t = VideoTiming.of(duration, c.get("fps").asDouble(), c.get("context_frames").asInt(),
                    c.get("context_overlap").asInt());
            int init = (int) (duration * c.get("fps").asDouble());
            if (init < c.get("context_frames").asInt()) {
                shortCases++;
                if (t.frames() != Math.max(1, init)) {
                    wrong.add("short audio " + c + " -> " + t);
                }
            } else if (t.frames() != c.get("video_length").asInt() || Math.abs(t.fps() - c.get("exact_fps").asDouble()) > 1e-9) {
                wrong.add(c + " -> " + t);
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(shortCases > 0 && shortCases < table.get("cases").size(), "the table covers both regimes");
    }
}
