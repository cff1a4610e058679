package io.vexpress.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.golden.DiffusionGoldens;
import io.vexpress.core.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

class DdimSchedulerTest {

    @Test
    void stepsMatchDiffusersFormulasInTorch() {
        int cases = 0;
        double worst = 0;
        for (JsonNode c : DiffusionGoldens.load("ddim_steps.json")) {
            SchedulerConfig config = SchedulerConfigs.fromJson(c.get("config"), c.get("eta").asDouble());
            DdimScheduler s = new DdimScheduler(config, c.get("steps").asInt());
            int i = c.get("step_index").asInt();
            assertEquals(c.get("timestep").asInt(), s.timestep(i));
            int[] shape = DiffusionGoldens.ints(c.get("shape"));
            FloatTensor sample = FloatTensor.of(DiffusionGoldens.floats(c.get("sample")), shape);
            FloatTensor output = FloatTensor.of(DiffusionGoldens.floats(c.get("model_output")), shape);
            FloatTensor noise = FloatTensor.of(DiffusionGoldens.floats(c.get("noise")), shape);
            s.begin(sample);
            // step the frames in reverse order: DDIM is per element, order must not matter
            for (int f = sample.frames() - 1; f >= 0; f--) {
                s.stepFrame(i, output, sample, f, noise, f);
            }
            float[] expected = DiffusionGoldens.floats(c.get("prev_sample"));
            float[] actual = sample.toArray();
            for (int k = 0; k < expected.length; k++) {
                double d = Math.abs(expected[k] - actual[k]);
                worst = Math.max(worst, d);
                assertTrue(d <= 1e-5, c.get("variant").asText() + " step " + i + " [" + k + "]: " + expected[k]
                        + " vs " + actual[k]);
            }
            cases++;
        }
        assertTrue(cases >= 40, "cases: " + cases);
        assertTrue(worst < 1e-5);
    }

    @Test
    void rejectsTimestepsPastTheTrainingRange() {
        SchedulerConfig leading = SchedulerConfig.VEXPRESS.withTimestepSpacing(TimestepSpacing.LEADING);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DdimScheduler(leading, 1000));
        assertEquals(999, new DdimScheduler(leading, 999).timestep(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new DdimScheduler(SchedulerConfig.VEXPRESS, 0));
    }

    @Test
    void vexpressTwentyFiveStepTableOfDiffusers() {
        // /work/shared/reference/ddim-vexpress-25-steps.json, made with diffusers 0.29.2 on torch CPU
        DdimScheduler s = new DdimScheduler(SchedulerConfig.VEXPRESS, 25);
        int[] expected = new int[25];
        for (int i = 0; i < 25; i++) {
            expected[i] = 999 - 40 * i;
        }
        assertArrayEquals(expected, s.timesteps());
        for (int i = 0; i < 25; i++) {
            assertEquals(expected[i] - 40, s.previousTimestep(i));
        }
        AlphaSchedule a = s.alphaSchedule();
        assertEquals(0.0f, a.alphaCumprod(999));
        assertEquals(0.0003751527692656964f, a.alphaCumprod(959));
        assertEquals(0.0017847873969003558f, a.alphaCumprod(919));
        assertEquals(0.12844756245613098f, a.alphaCumprod(599));
        assertEquals(1.0f, s.initNoiseSigma());
    }
}
