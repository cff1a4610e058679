package io.vexpress.core.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.conditioning.KeypointAligner;
import io.vexpress.core.conditioning.LinearResampler.Arithmetic;
import io.vexpress.core.retarget.KeypointRetargeter;
import io.vexpress.core.retarget.TargetFrameSelection;
import io.vexpress.core.testing.ConditioningGoldens;
import io.vexpress.keypoints.FaceKeypoints;
import io.vexpress.keypoints.KeypointSequence;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * inference.py end to end on the sample sequences: kps.pth -> alignment -> retargeting -> draw_kps_image,
 * every frame compared with the reference's image (CRC32 of the RGB bytes).
 */
class ConditioningChainTest {

    @Test
    void sampleSequencesRetargetedAndDrawnMatchTheReference() {
        JsonNode keypoints = ConditioningGoldens.json("keypoints.json");
        Map<String, JsonNode> sets = new HashMap<>();
        for (JsonNode set : ConditioningGoldens.json("render.json").get("sets")) {
            sets.put(set.get("name").asText(), set);
        }
        int frames = 0;
        for (String sample : new String[] {"AOC", "tys", "10"}) {
            JsonNode seq = keypoints.get("sequences").get(sample);
            KeypointSequence raw = KeypointSequence.of(ConditioningGoldens.floats(seq.get("xy")));
            KeypointSequence aligned = KeypointAligner.align(raw, raw.frameCount() + 23, Arithmetic.TORCH_1_13);
            frames += check(sets.get(sample + "_aligned"), aligned);
            for (String ref : new String[] {"AOC_frame0", "synthetic_tilted"}) {
                FaceKeypoints reference = FaceKeypoints.of(ConditioningGoldens.floatArray(keypoints.get("references").get(ref)));
                frames += check(sets.get(sample + "_offset_" + ref),
                        KeypointRetargeter.offset(reference, aligned, TargetFrameSelection.REFERENCE_COMPATIBLE));
                frames += check(sets.get(sample + "_naive_" + ref),
                        KeypointRetargeter.naive(reference, aligned, TargetFrameSelection.CLOSEST_RATIO));
            }
        }
        assertEquals(5 * (137 + 100 + 109 + 3 * 23), frames);
    }

    private static int check(JsonNode set, KeypointSequence sequence) {
        JsonNode crcs = set.get("crc32");
        assertEquals(crcs.size(), sequence.frameCount(), set.get("name").asText());
        byte[] rgb = new byte[512 * 512 * 3];
        for (int f = 0; f < sequence.frameCount(); f++) {
            VKpsRenderer.renderRgb(sequence.frame(f), 512, 512, rgb, 0);
            CRC32 crc = new CRC32();
            crc.update(rgb);
            assertEquals(crcs.get(f).asLong(), crc.getValue(), set.get("name").asText() + " frame " + f);
        }
        return sequence.frameCount();
    }
}
