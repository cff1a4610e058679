package io.vexpress.core.retarget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.testing.ConditioningGoldens;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** retarget_kps against the reference code, on aligned sample and synthetic sequences and four reference faces. */
class KeypointRetargeterGoldenTest {

    @Test
    void selectionOffsetAndNaiveMatchTheReferenceBitForBit() {
        JsonNode golden = ConditioningGoldens.json("keypoints.json");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        int compatibleNotLast = 0;
        for (JsonNode c : golden.get("cases")) {
            KeypointSequence aligned = KeypointSequence.of(ConditioningGoldens.floats(c.get("aligned")));
            for (JsonNode r : c.get("retarget")) {
                FaceKeypoints reference = FaceKeypoints.of(ConditioningGoldens.floatArray(golden.get("references").get(r.get("reference").asText())));
                TargetFrameSelection selection = TargetFrameSelection.of(r.get("reference_compatible").asBoolean());
                String what = c.get("sequence").asText() + "/" + c.get("video_length") + " ref " + r.get("reference").asText() + " " + selection;
                int selected = KeypointRetargeter.selectTargetFrame(reference, aligned, selection);
                if (selected != r.get("selected").asInt()) {
                    failures.add(what + ": selected " + selected + ", reference " + r.get("selected"));
                }
                if (selection == TargetFrameSelection.REFERENCE_COMPATIBLE && selected != aligned.frameCount() - 1) {
                    compatibleNotLast++;
                }
                compare(failures, what + " offset", ConditioningGoldens.floats(r.get("offset")),
                        KeypointRetargeter.offset(reference, aligned, selection).toArray());
                compare(failures, what + " naive", ConditioningGoldens.floats(r.get("naive")),
                        KeypointRetargeter.naive(reference, aligned, selection).toArray());
                checked++;
            }
        }
        assertEquals(160, checked);
        assertTrue(compatibleNotLast > 0, "the golden set must hold a buggy selection that is not simply the last frame");
        assertEquals(List.of(), failures.subList(0, Math.min(failures.size(), 10)), failures.size() + " mismatches");
    }

    private static void compare(List<String> failures, String what, float[] expected, float[] actual) {
        int diff = ConditioningGoldens.firstDifference(expected, actual);
        if (diff >= 0) {
            failures.add(what + " differs at " + diff + ": " + expected[diff] + " vs " + actual[diff]);
        }
    }
}
