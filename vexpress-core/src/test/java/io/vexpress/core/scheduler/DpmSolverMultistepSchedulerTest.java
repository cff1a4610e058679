package io.vexpress.core.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.core.golden.DiffusionGoldens;
import io.vexpress.core.tensor.FloatTensor;
import org.junit.jupiter.api.Test;

class DpmSolverMultistepSchedulerTest {

    @Test
    void trajectoriesMatchDiffusersFormulasInTorch() {
        for (JsonNode c : DiffusionGoldens.load("dpm_trajectories.json")) {
            SchedulerConfig config = SchedulerConfigs.fromJson(c.get("config"), 0);
            int steps = c.get("steps").asInt();
            DpmSolverMultistepScheduler s = new DpmSolverMultistepScheduler(config, steps);
            String name = c.get("variant").asText() + " " + steps;
            assertArrayEquals(DiffusionGoldens.ints(c.get("timesteps")), s.timesteps(), name);
            float[] sigmas = DiffusionGoldens.floats(c.get("sigmas"));
            float[] ours = s.sigmas();
            for (int i = 0; i < sigmas.length; i++) {
                assertTrue(Math.abs(sigmas[i] - ours[i]) <= 1e-6 * Math.max(1, sigmas[i]), name + " sigma " + i);
            }
            int[] shape = DiffusionGoldens.ints(c.get("shape"));
            FloatTensor sample = FloatTensor.of(DiffusionGoldens.floats(c.get("initial")), shape);
            s.begin(sample);
            for (int i = 0; i < steps; i++) {
                FloatTensor output = FloatTensor.of(DiffusionGoldens.floats(c.get("model_outputs").get(i)), shape);
                // frames stepped one by one, last first: the solver's memory is per frame
                for (int f = sample.frames() - 1; f >= 0; f--) {
                    s.stepFrame(i, output, sample, f, null, 0);
                }
                float[] expected = DiffusionGoldens.floats(c.get("samples").get(i));
                float[] actual = sample.toArray();
                for (int k = 0; k < expected.length; k++) {
                    double tol = 1e-5 * Math.max(1, Math.abs(expected[k]));
                    assertTrue(Math.abs(expected[k] - actual[k]) <= tol,
                            name + " step " + i + " [" + k + "]: " + expected[k] + " vs " + actual[k]);
                }
            }
        }
    }

    @Test
    void rejectsSkippedOrRepeatedStepsOnAFrame() {
        DpmSolverMultistepScheduler s = new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, 5);
        FloatTensor x = FloatTensor.zeros(1, 1, 2, 1, 1);
        s.begin(x);
        s.stepFrame(0, x, x, 0, null, 0);
        assertThrows(IllegalStateException.class, () -> s.stepFrame(0, x, x, 0, null, 0));
        assertThrows(IllegalStateException.class, () -> s.stepFrame(1, x, x, 1, null, 0));
    }
}
