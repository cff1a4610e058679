package io.vexpress.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.golden.DiffusionGoldens;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class InferenceTimestepsTest {

    @Test
    void everyStepCountMatchesDiffusers() {
        JsonNode all = DiffusionGoldens.load("timesteps.json");
        for (String kind : new String[] {"ddim", "dpm"}) {
            for (TimestepSpacing spacing : TimestepSpacing.values()) {
                JsonNode golden = all.get(kind + "_" + spacing.name().toLowerCase());
                SchedulerConfig config = SchedulerConfig.VEXPRESS.withTimestepSpacing(spacing);
                for (JsonNode row : golden.get("crc32")) {
                    int steps = row.get(0).asInt();
                    int[] t = kind.equals("ddim") ? InferenceTimesteps.ddim(config, steps)
                            : InferenceTimesteps.dpmSolver(config, steps);
                    String what = kind + " " + spacing + " " + steps + " steps";
                    assertEquals(row.get(1).asInt(), t.length, what);
                    assertEquals(row.get(2).asLong(), crc(t), what);
                }
                for (Map.Entry<String, JsonNode> e : golden.get("full").properties()) {
                    int steps = Integer.parseInt(e.getKey());
                    int[] t = kind.equals("ddim") ? InferenceTimesteps.ddim(config, steps)
                            : InferenceTimesteps.dpmSolver(config, steps);
                    assertArrayEquals(DiffusionGoldens.ints(e.getValue()), t, kind + " " + spacing + " " + steps);
                }
            }
        }
    }

    @Test
    void schedulersRunExactlyTheRequestedStepsWhereDiffusersAddsASpuriousMinusOne() {
        int[] diffusers = InferenceTimesteps.ddim(SchedulerConfig.VEXPRESS, 61);
        assertEquals(62, diffusers.length);
        assertEquals(-1, diffusers[61]);
        DdimScheduler ddim = new DdimScheduler(SchedulerConfig.VEXPRESS, 61);
        assertEquals(61, ddim.steps());
        assertEquals(15, ddim.timestep(60));
        assertEquals(-1, ddim.previousTimestep(60)); // so the last step lands on alpha_bar = 1
        assertEquals(61, new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, 61).steps());
    }

    private static long crc(int[] t) {
        ByteBuffer b = ByteBuffer.allocate(t.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : t) {
            b.putLong(v);
        }
        CRC32 crc = new CRC32();
        crc.update(b.array());
        return crc.getValue();
    }
}
