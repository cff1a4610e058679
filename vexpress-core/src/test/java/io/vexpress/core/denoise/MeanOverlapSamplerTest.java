package io.vexpress.core.denoise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.vexpress.AttentionSchedule;
import io.vexpress.AttentionWeights;
import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.Precision;
import io.vexpress.core.attention.AttentionPlan;
import io.vexpress.core.golden.DiffusionGoldens;
import io.vexpress.core.noise.TorchGenerator;
import io.vexpress.core.scheduler.DdimScheduler;
import io.vexpress.core.scheduler.DiffusionScheduler;
import io.vexpress.core.scheduler.DpmSolverMultistepScheduler;
import io.vexpress.core.scheduler.SchedulerConfig;
import io.vexpress.core.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeanOverlapSamplerTest {

    /**
     * The analytic model of tools/goldens/diffusion.py: cond = 0.8 x + 0.01 frame - t / 1000,
     * uncond = 0.5 x + 0.02, in float32 with torch's operation order.
     */
    static final class AnalyticDenoiser implements Denoiser {
        int calls;
        int guidedCalls;

        @Override
        public void predict(FloatTensor x, int[] frames, long timestep, int stepIndex, AttentionWeights attention,
                            boolean guided, FloatTensor prediction) {
            calls++;
            if (guided) {
                guidedCalls++;
            }
            assertEquals(guided ? 2 : 1, prediction.dim(0));
            int channels = x.dim(1);
            int area = x.frameArea();
            float shift = (float) (timestep / 1000.0);
            int condBatch = guided ? 1 : 0;
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < frames.length; i++) {
                    int src = x.frameOffset(c, i);
                    int cond = prediction.frameOffset(condBatch * channels + c, i);
                    int uncond = prediction.frameOffset(c, i);
                    for (int k = 0; k < area; k++) {
                        float v = x.get(src + k);
                        prediction.set(cond + k, (0.8f * v + 0.01f * (float) frames[i]) - shift);
                        if (guided) {
                            prediction.set(uncond + k, 0.5f * v + 0.02f);
                        }
                    }
                }
            }
        }
    }

    @Test
    void reproducesVExpressLoopWithAnAnalyticModel() {
        for (JsonNode c : DiffusionGoldens.load("loop.json")) {
            int frames = c.get("frames").asInt();
            int steps = c.get("steps").asInt();
            double g = c.get("guidance_scale").asDouble();
            double eta = c.get("eta").asDouble();
            int[] shape = DiffusionGoldens.ints(c.get("shape"));
            String name = "frames " + frames + " size " + c.get("size") + " g " + g + " eta " + eta;

            TorchGenerator generator = new TorchGenerator(c.get("seed").asLong(), Precision.FP32);
            FloatTensor latents = FloatTensor.zeros(shape);
            generator.fillStandardNormal(latents);
            float[] initial = DiffusionGoldens.floats(c.get("initial"));
            for (int i = 0; i < initial.length; i++) {
                assertEquals(initial[i], latents.get(i), 2e-6, name + " initial noise");
            }
            latents.put(0, initial); // start from torch's exact noise: the loop is what is under test

            ContextWindows windows = ContextWindows.uniform(frames, c.get("size").asInt(), c.get("overlap").asInt());
            DdimScheduler scheduler = new DdimScheduler(SchedulerConfig.VEXPRESS.withEta(eta), steps);
            AttentionPlan plan = AttentionPlan.constant(new AttentionWeights(1, 1), steps);
            AnalyticDenoiser model = new AnalyticDenoiser();
            new MeanOverlapSampler(scheduler, windows, g, plan).run(latents, model, generator, null, null);

            assertEquals(steps * windows.count(), model.calls, name);
            assertEquals(g > 1 ? model.calls : 0, model.guidedCalls, name + ": guidance 1 must skip the doubled batch");
            float[] expected = DiffusionGoldens.floats(c.get("final"));
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - latents.get(i)));
            }
            // eta > 0 draws variance noise through torch's vectorised kernel: up to ~2e-6 apart, amplified a little
            double tol = eta > 0 ? 2e-5 : 1e-6;
            assertTrue(worst <= tol, name + ": max difference " + worst);
        }
    }

    @Test
    void stepsEachFrameOnceAfterItsLastWindowInWindowOrder() {
        ContextWindows windows = ContextWindows.uniform(44, 24, 4); // windows 0..23 and 20..43
        List<String> events = new ArrayList<>();
        DiffusionScheduler spy = new RecordingScheduler(new DdimScheduler(SchedulerConfig.VEXPRESS, 2), events);
        FloatTensor latents = FloatTensor.zeros(1, 1, 44, 1, 1);
        Denoiser model = (x, f, t, s, a, guided, out) -> events.add("predict " + s + " " + f[0]);
        new MeanOverlapSampler(spy, windows, 1.0, AttentionPlan.constant(new AttentionWeights(1, 1), 2))
                .run(latents, model, null, null, null);
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            expected.add("predict " + s + " 0");
            for (int f = 0; f < 20; f++) {
                expected.add("step " + s + " " + f);
            }
            expected.add("predict " + s + " 20");
            for (int f = 20; f < 44; f++) {
                expected.add("step " + s + " " + f);
            }
        }
        assertEquals(expected, events);
    }

    /** Records per-frame steps and delegates. */
    private record RecordingScheduler(DiffusionScheduler inner, List<String> events) implements DiffusionScheduler {
        @Override
        public int steps() {
            return inner.steps();
        }

        @Override
        public int timestep(int stepIndex) {
            return inner.timestep(stepIndex);
        }

        @Override
        public int[] timesteps() {
            return inner.timesteps();
        }

        @Override
        public float initNoiseSigma() {
            return inner.initNoiseSigma();
        }

        @Override
        public boolean needsVarianceNoise() {
            return inner.needsVarianceNoise();
        }

        @Override
        public void begin(FloatTensor latents) {
            inner.begin(latents);
        }

        @Override
        public void stepFrame(int stepIndex, FloatTensor modelOutput, FloatTensor sample, int frame,
                              FloatTensor varianceNoise, int noiseFrame) {
            events.add("step " + stepIndex + " " + frame);
            inner.stepFrame(stepIndex, modelOutput, sample, frame, varianceNoise, noiseFrame);
        }
    }

    @Test
    void windowedDpmSolverEqualsWholeVideoStepping() {
        // With a model that treats frames independently, window averaging returns the per-frame output, so the
        // windowed loop must equal plain whole-tensor DPM-Solver++ stepping: proves the per-frame solver memory.
        int frames = 28; // 12/4 windows tile 28 frames: no fold-back, where the reference double-counts
        int steps = 6;
        Denoiser perFrame = (x, f, t, s, a, guided, out) -> {
            for (int i = 0; i < x.size(); i++) {
                out.set(i, 0.7f * x.get(i) - 0.001f * t);
            }
        };
        FloatTensor windowed = FloatTensor.zeros(1, 2, frames, 2, 2);
        new TorchGenerator(3, Precision.FP32).fillStandardNormal(windowed);
        FloatTensor whole = FloatTensor.zeros(1, 2, frames, 2, 2);
        whole.copyFrom(windowed);

        new MeanOverlapSampler(new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, steps),
                ContextWindows.uniform(frames, 12, 4), 1.0,
                AttentionPlan.constant(new AttentionWeights(1, 1), steps)).run(windowed, perFrame, null, null, null);

        DpmSolverMultistepScheduler plain = new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, steps);
        plain.begin(whole);
        FloatTensor out = FloatTensor.zeros(1, 2, frames, 2, 2);
        for (int s = 0; s < steps; s++) {
            perFrame.predict(whole, null, plain.timestep(s), s, null, false, out);
            plain.stepAll(s, out, whole);
        }
        for (int i = 0; i < whole.size(); i++) {
            // coverage 2 frames are (a/2 + a/2): exact in binary, so the results are identical
            assertEquals(whole.get(i), windowed.get(i), 1e-6f, "element " + i);
        }
    }

    /**
     * An oracle that knows the clean latents x0 and returns the exact v-prediction for the current noisy latents
     * (v = sqrt(a) eps - sqrt(1 - a) x0 with eps recovered from x_t), the same for both guidance halves. Any
     * correct sampler must then land on x0.
     */
    private static Denoiser oracle(FloatTensor clean) {
        float[] alphas = io.vexpress.core.scheduler.AlphaSchedule.of(SchedulerConfig.VEXPRESS).alphasCumprod();
        return (x, frames, t, s, a, guided, out) -> {
            double alpha = alphas[(int) t];
            int channels = x.dim(1);
            int area = x.frameArea();
            for (int b = 0; b < out.dim(0); b++) {
                for (int c = 0; c < channels; c++) {
                    for (int i = 0; i < frames.length; i++) {
                        int src = x.frameOffset(c, i);
                        int x0 = clean.frameOffset(c, frames[i]);
                        int dst = out.frameOffset(b * channels + c, i);
                        for (int k = 0; k < area; k++) {
                            double xt = x.get(src + k);
                            double target = clean.get(x0 + k);
                            double eps = (xt - Math.sqrt(alpha) * target) / Math.sqrt(1 - alpha);
                            out.set(dst + k, (float) (Math.sqrt(alpha) * eps - Math.sqrt(1 - alpha) * target));
                        }
                    }
                }
            }
        };
    }

    @Test
    void anOracleModelIsDenoisedToItsCleanLatentsByBothSchedulers() {
        FloatTensor clean = FloatTensor.zeros(1, 4, 44, 3, 3);
        new TorchGenerator(5, Precision.FP32).fillStandardNormal(clean);
        for (DiffusionScheduler scheduler : new DiffusionScheduler[] {
                new DdimScheduler(SchedulerConfig.VEXPRESS, 25), new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, 10)}) {
            FloatTensor latents = FloatTensor.zeros(1, 4, 44, 3, 3);
            new TorchGenerator(42, Precision.FP16).fillStandardNormal(latents);
            new MeanOverlapSampler(scheduler, ContextWindows.uniform(44, 24, 4), 3.5,
                    AttentionPlan.constant(new AttentionWeights(1, 1), scheduler.steps()))
                    .run(latents, oracle(clean), null, null, null);
            for (int i = 0; i < clean.size(); i++) {
                assertEquals(clean.get(i), latents.get(i), 1e-4, scheduler.getClass().getSimpleName() + " [" + i + "]");
            }
        }
    }

    @Test
    void scheduledAttentionWeightsReachTheDenoiserAtEachStep() {
        int steps = 5;
        AttentionSchedule schedule = AttentionSchedule.linear(new AttentionWeights(1.0, 3.0),
                new AttentionWeights(0.9, 1.0));
        AttentionPlan plan = AttentionPlan.of(schedule, steps);
        ContextWindows windows = ContextWindows.uniform(44, 24, 4);
        List<AttentionWeights> seen = new ArrayList<>();
        List<Integer> stepsSeen = new ArrayList<>();
        Denoiser model = (x, f, t, s, a, guided, out) -> {
            seen.add(a);
            stepsSeen.add(s);
        };
        new MeanOverlapSampler(new DdimScheduler(SchedulerConfig.VEXPRESS, steps), windows, 3.5, plan)
                .run(FloatTensor.zeros(1, 1, 44, 1, 1), model, null, null, null);
        assertEquals(steps * 2, seen.size());
        for (int k = 0; k < seen.size(); k++) {
            int s = stepsSeen.get(k);
            assertEquals(k / 2, s);
            double t = s / 4.0;
            assertEquals(3.0 + t * (1.0 - 3.0), seen.get(k).audio(), 1e-12);
            assertEquals(1.0 + t * (0.9 - 1.0), seen.get(k).reference(), 1e-12);
        }
        assertEquals(3.0, seen.get(0).audio());
        assertEquals(1.0, seen.get(seen.size() - 1).audio(), 1e-12);
    }

    @Test
    void progressAndCancellationBetweenWindows() {
        int steps = 3;
        ContextWindows windows = ContextWindows.uniform(64, 24, 4);
        List<String> progress = new ArrayList<>();
        CancellationToken token = new CancellationToken();
        Denoiser model = (x, f, t, s, a, guided, out) -> {
            if (s == 1 && f[0] == 20) {
                token.cancel();
            }
        };
        MeanOverlapSampler sampler = new MeanOverlapSampler(new DdimScheduler(SchedulerConfig.VEXPRESS, steps),
                windows, 3.5, AttentionPlan.constant(new AttentionWeights(1, 1), steps));
        assertThrows(GenerationCancelledException.class, () -> sampler.run(FloatTensor.zeros(1, 1, 64, 1, 1), model,
                null, (s, n, w, m) -> progress.add(s + "/" + n + ":" + w + "/" + m), token));
        assertEquals(List.of("0/3:0/3", "0/3:1/3", "0/3:2/3", "1/3:0/3", "1/3:1/3"), progress);
    }

    @Test
    void allocatesNothingPerStep() {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean mx) || !mx.isThreadAllocatedMemorySupported()) {
            return;
        }
        ContextWindows windows = ContextWindows.uniform(44, 24, 4);
        Denoiser model = (x, f, t, s, a, guided, out) -> { };
        long[] bytes = new long[2];
        int[] stepCounts = {2, 12};
        for (int rep = 0; rep < 3; rep++) { // warm up, then measure
            for (int k = 0; k < 2; k++) {
                int steps = stepCounts[k];
                MeanOverlapSampler sampler = new MeanOverlapSampler(new DdimScheduler(SchedulerConfig.VEXPRESS, steps),
                        windows, 3.5, AttentionPlan.constant(new AttentionWeights(1, 1), steps));
                FloatTensor latents = FloatTensor.zeros(1, 4, 44, 8, 8);
                long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
                sampler.run(latents, model, null, DenoisingProgress.NONE, null);
                bytes[k] = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            }
        }
        // ten more steps (20 more windows) may cost at most a few hundred bytes of JIT noise, far below a tensor
        long perExtraStep = (bytes[1] - bytes[0]) / 10;
        assertTrue(perExtraStep < 256, "bytes per extra step: " + perExtraStep + " (" + bytes[0] + " vs " + bytes[1] + ")");
    }

    @Test
    void rejectsMismatchedInputs() {
        ContextWindows windows = ContextWindows.uniform(44, 24, 4);
        MeanOverlapSampler sampler = new MeanOverlapSampler(new DdimScheduler(SchedulerConfig.VEXPRESS, 2), windows,
                3.5, AttentionPlan.constant(new AttentionWeights(1, 1), 2));
        assertThrows(IllegalArgumentException.class,
                () -> sampler.run(FloatTensor.zeros(1, 4, 40, 2, 2), (x, f, t, s, a, g, o) -> { }, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new MeanOverlapSampler(
                new DdimScheduler(SchedulerConfig.VEXPRESS, 3), windows, 3.5,
                AttentionPlan.constant(new AttentionWeights(1, 1), 2)));
        MeanOverlapSampler noisy = new MeanOverlapSampler(new DdimScheduler(SchedulerConfig.VEXPRESS.withEta(1), 2),
                windows, 3.5, AttentionPlan.constant(new AttentionWeights(1, 1), 2));
        assertThrows(IllegalArgumentException.class,
                () -> noisy.run(FloatTensor.zeros(1, 4, 44, 2, 2), (x, f, t, s, a, g, o) -> { }, null, null, null));
    }
}
