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

    /**
     * Distance of the sampler's result from the exact probability-flow ODE endpoint, for data drawn from
     * N(0, std^2) and the exact (Bayes-optimal) v-prediction model of that data. For Gaussian data the ODE just
     * rescales: x_0 = std * x_T / sqrt(alpha_bar_T std^2 + 1 - alpha_bar_T) = std * x_T at zero terminal SNR.
     */
    static double toyOdeError(DiffusionScheduler scheduler, double std) {
        float[] alphas = AlphaSchedule.of(SchedulerConfig.VEXPRESS).alphasCumprod();
        FloatTensor x = FloatTensor.zeros(1, 4, 4, 16, 16);
        new io.vexpress.core.noise.TorchGenerator(1, io.vexpress.Precision.FP32).fillStandardNormal(x);
        float[] start = x.toArray();
        FloatTensor out = FloatTensor.zeros(1, 4, 4, 16, 16);
        scheduler.begin(x);
        for (int i = 0; i < scheduler.steps(); i++) {
            double a = alphas[scheduler.timestep(i)];
            for (int k = 0; k < x.size(); k++) {
                double xt = x.get(k);
                double x0 = Math.sqrt(a) * std * std / (a * std * std + 1 - a) * xt; // E[x0 | xt]
                double eps = (xt - Math.sqrt(a) * x0) / Math.sqrt(1 - a);
                out.set(k, (float) (Math.sqrt(a) * eps - Math.sqrt(1 - a) * x0));
            }
            scheduler.stepAll(i, out, x);
        }
        double err = 0;
        double norm = 0;
        for (int k = 0; k < x.size(); k++) {
            double e = x.get(k) - std * start[k];
            err += e * e;
            norm += std * std * start[k] * start[k];
        }
        return Math.sqrt(err / norm);
    }

    @Test
    void onGaussianDataTenSolverStepsAreAboutAsCloseToTheOdeAsTwentyFiveDdimSteps() {
        // docs/diffusion.md quotes these (unit-variance data, like SD latents): DDIM 25: 6.2e-2, DPM++ 10: 6.2e-2
        double ddim25 = toyOdeError(new DdimScheduler(SchedulerConfig.VEXPRESS, 25), 1.0);
        double ddim10 = toyOdeError(new DdimScheduler(SchedulerConfig.VEXPRESS, 10), 1.0);
        double dpm10 = toyOdeError(new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, 10), 1.0);
        double dpm15 = toyOdeError(new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, 15), 1.0);
        assertTrue(ddim25 < ddim10);
        assertTrue(dpm10 < ddim10 / 2, dpm10 + " vs " + ddim10);
        assertTrue(dpm10 < ddim25 * 1.1, dpm10 + " vs " + ddim25);
        assertTrue(dpm15 < ddim25 * 0.75, dpm15 + " vs " + ddim25);
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
