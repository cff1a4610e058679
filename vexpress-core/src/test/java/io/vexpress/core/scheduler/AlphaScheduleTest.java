package io.vexpress.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.golden.DiffusionGoldens;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlphaScheduleTest {

    @Test
    void linspaceBasedSchedulesAreBitExactWithTorch() {
        JsonNode all = DiffusionGoldens.load("schedules.json");
        int checked = 0;
        for (Map.Entry<String, JsonNode> e : all.properties()) {
            if (!e.getValue().has("config")) {
                continue;
            }
            SchedulerConfig config = SchedulerConfigs.fromJson(e.getValue().get("config"), 0);
            AlphaSchedule schedule = AlphaSchedule.of(config);
            float[] expectedBetas = DiffusionGoldens.floats(e.getValue().get("betas"));
            float[] expected = DiffusionGoldens.floats(e.getValue().get("alphas_cumprod"));
            if (config.betaSchedule() == BetaSchedule.SQUAREDCOS_CAP_V2) {
                // cos() of Java and glibc may differ in the last double bit; the float results agree closely.
                assertClose(expected, schedule.alphasCumprod(), e.getKey());
            } else {
                assertArrayEquals(expectedBetas, schedule.betas(), e.getKey() + " betas");
                assertArrayEquals(expected, schedule.alphasCumprod(), e.getKey() + " alphas_cumprod");
            }
            checked++;
        }
        assertEquals(7, checked);
    }

    private static void assertClose(float[] expected, float[] actual, String name) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs(expected[i] - actual[i]);
            assertTrue(diff <= 3e-7 && diff <= 1e-4 * Math.abs(expected[i]) + 1e-12,
                    name + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
        }
    }

    @Test
    void vexpressScheduleHasZeroTerminalSnr() {
        AlphaSchedule s = AlphaSchedule.of(SchedulerConfig.VEXPRESS);
        assertEquals(0f, s.alphaCumprod(999));
        assertTrue(s.alphaCumprod(998) > 0);
    }

    @Test
    void dpmClampsTheZeroSnrTail() {
        float[] expected = DiffusionGoldens.floats(DiffusionGoldens.load("schedules.json")
                .get("dpm_vexpress_alphas_cumprod"));
        assertEquals(0x1p-24f, expected[999]);
        float[] sigmas = new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, 25).sigmas();
        assertEquals((float) Math.sqrt((1 - expected[999]) / expected[999]), sigmas[0]);
    }
}
