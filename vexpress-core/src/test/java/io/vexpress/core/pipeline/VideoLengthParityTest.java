package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.denoise.VideoTiming;
import io.vexpress.core.golden.DiffusionGoldens;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames and exact fps per audio length against V-Express's own inference.py (golden/diffusion/video_lengths.json,
 * made by tools/goldens/diffusion.py running inference.py's main() from the pinned checkout with stubbed models).
 */
class VideoLengthParityTest {

    /**
     * Every case where inference.py produces a video must match it exactly. Where it fails (audio shorter than one
     * context window: its list of windows is empty and {@code context_indices[-1]} raises IndexError) we
     * deliberately make one window of all {@code int(duration * fps)} frames instead.
     */
    @Test
    void videoLengthFollowsInferencePy() {
        JsonNode table = DiffusionGoldens.load("video_lengths.json");
        List<String> wrong = new ArrayList<>();
        int failing = 0;
        for (JsonNode c : table.get("cases")) {
            double duration = c.get("samples").asInt() / (double) c.get("sample_rate").asInt();
            int contextFrames = c.get("context_frames").asInt();
            VideoTiming t = VideoTiming.of(duration, c.get("fps").asDouble(), contextFrames, c.get("context_overlap").asInt());
            int init = (int) (duration * c.get("fps").asDouble());
            if (c.has("error")) {
                failing++;
                if (init >= contextFrames || !c.get("error").asText().equals("IndexError")) {
                    wrong.add("inference.py fails where it should not: " + c);
                } else if (t.frames() != Math.max(1, init)) {
                    wrong.add("short audio " + c + " -> " + t);
                }
            } else if (t.frames() != c.get("video_length").asInt() || Math.abs(t.fps() - c.get("exact_fps").asDouble()) > 1e-9) {
                wrong.add(c + " -> " + t);
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(failing > 0 && failing < table.get("cases").size() / 2, "the table covers both regimes: " + failing);
    }
}
