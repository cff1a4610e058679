package io.vexpress.core.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.AttentionWeights;
import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.Precision;
import io.vexpress.core.attention.AttentionPlan;
import io.vexpress.core.noise.TorchGenerator;
import io.vexpress.core.scheduler.DdimScheduler;
import io.vexpress.core.scheduler.DiffusionScheduler;
import io.vexpress.core.scheduler.DpmSolverMultistepScheduler;
import io.vexpress.core.scheduler.SchedulerConfig;
import io.vexpress.core.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The mean-overlap loop with its windows spread over several denoisers gives the single-denoiser latents, bit for bit. */
class WindowDispatcherTest {

    /**
     * MeanOverlapSamplerTest's analytic model (it reads the frame indices, so a window run with another window's
     * frames would show), with a random pause so that the calls of several denoisers finish out of order.
     */
    static final class SlowAnalyticDenoiser implements Denoiser {
        final MeanOverlapSamplerTest.AnalyticDenoiser model = new MeanOverlapSamplerTest.AnalyticDenoiser();
        final Random pauses;
        final int maxPauseMillis;
        final AtomicInteger active;
        final AtomicInteger mostActive;
        volatile Thread ranOn;

        SlowAnalyticDenoiser(long seed, int maxPauseMillis, AtomicInteger active, AtomicInteger mostActive) {
            this.pauses = new Random(seed);
            this.maxPauseMillis = maxPauseMillis;
            this.active = active;
            this.mostActive = mostActive;
        }

        @Override
        public void predict(FloatTensor x, int[] frames, long t, int step, AttentionWeights a, boolean guided, FloatTensor out) {
            ranOn = Thread.currentThread();
            mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                Thread.sleep(pauses.nextInt(maxPauseMillis + 1));
                model.predict(x, frames, t, step, a, guided, out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GenerationCancelledException("interrupted");
            } finally {
                active.decrementAndGet();
            }
        }
    }

    private static float[] denoise(Supplier<DiffusionScheduler> scheduler, ContextWindows windows, double guidance,
                                   List<? extends Denoiser> denoisers) {
        DiffusionScheduler s = scheduler.get();
        TorchGenerator noise = new TorchGenerator(7, Precision.FP32);
        FloatTensor latents = FloatTensor.zeros(1, 2, windows.frames(), 3, 2);
        noise.fillStandardNormal(latents);
        MeanOverlapSampler sampler = new MeanOverlapSampler(s, windows, guidance,
                AttentionPlan.constant(new AttentionWeights(1, 1), s.steps()));
        try (WindowDispatcher pool = new WindowDispatcher(denoisers)) {
            sampler.run(latents, pool, noise, null, null);
        }
        return latents.toArray();
    }

    @Test
    void twoOrThreeDenoisersGiveTheLatentsOfOneBitForBit() {
        List<Supplier<DiffusionScheduler>> schedulers = List.of(
                () -> new DdimScheduler(SchedulerConfig.VEXPRESS, 4),
                () -> new DdimScheduler(SchedulerConfig.VEXPRESS.withEta(1.0), 3), // variance noise drawn per window
                () -> new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, 4));
        // 30 frames in windows of 8 / 2 end with a fold-back window; 44 in 24 / 4 make two windows; 8 frames one.
        List<ContextWindows> layouts = List.of(ContextWindows.uniform(30, 8, 2), ContextWindows.uniform(44, 24, 4),
                ContextWindows.uniform(8, 8, 2));
        for (Supplier<DiffusionScheduler> scheduler : schedulers) {
            for (ContextWindows windows : layouts) {
                for (double guidance : new double[] {1.0, 3.5}) {
                    String name = scheduler.get().getClass().getSimpleName() + " eta/steps " + scheduler.get().steps()
                            + " " + windows + " g " + guidance;
                    float[] one = denoise(scheduler, windows, guidance, List.of(new MeanOverlapSamplerTest.AnalyticDenoiser()));
                    for (int lanes = 2; lanes <= 3; lanes++) {
                        AtomicInteger active = new AtomicInteger();
                        AtomicInteger most = new AtomicInteger();
                        List<SlowAnalyticDenoiser> pool = new ArrayList<>();
                        for (int i = 0; i < lanes; i++) {
                            pool.add(new SlowAnalyticDenoiser(i, 3, active, most));
                        }
                        float[] several = denoise(scheduler, windows, guidance, pool);
                        assertArrayEquals(one, several, name + ", " + lanes + " denoisers");
                        int calls = pool.stream().mapToInt(d -> d.model.calls).sum();
                        assertEquals(scheduler.get().steps() * windows.count(), calls, name);
                    }
                }
            }
        }
    }

    @Test
    void windowsGoToWhicheverDenoiserIsFreeAndRunAtTheSameTime() {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // the first denoiser is slow, so the second must take windows while it works
        SlowAnalyticDenoiser slow = new SlowAnalyticDenoiser(1, 40, active, most);
        SlowAnalyticDenoiser fast = new SlowAnalyticDenoiser(2, 1, active, most);
        ContextWindows windows = ContextWindows.uniform(30, 8, 2);
        float[] one = denoise(() -> new DdimScheduler(SchedulerConfig.VEXPRESS, 3), windows, 3.5,
                List.of(new MeanOverlapSamplerTest.AnalyticDenoiser()));
        float[] two = denoise(() -> new DdimScheduler(SchedulerConfig.VEXPRESS, 3), windows, 3.5, List.of(slow, fast));
        assertArrayEquals(one, two);
        assertTrue(fast.model.calls > slow.model.calls, "slow " + slow.model.calls + ", fast " + fast.model.calls);
        assertTrue(slow.model.calls > 0, "the slow denoiser got work too");
        assertEquals(2, most.get(), "two windows ran at once");
        assertTrue(slow.ranOn.getName().startsWith("vexpress-denoiser-"), slow.ranOn.getName());
        assertFalse(slow.ranOn.isAlive(), "closing the pool ends its threads");
    }

    @Test
    void oneDenoiserRunsOnTheCallersThread() {
        AtomicInteger active = new AtomicInteger();
        SlowAnalyticDenoiser only = new SlowAnalyticDenoiser(1, 0, active, new AtomicInteger());
        denoise(() -> new DdimScheduler(SchedulerConfig.VEXPRESS, 2), ContextWindows.uniform(30, 8, 2), 3.5, List.of(only));
        assertSame(Thread.currentThread(), only.ranOn);
    }

    @Test
    void aFailingWindowFailsTheLoopWithItsOwnExceptionAfterTheOthersStopped() {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException boom = new IllegalStateException("UNet failed on device 1");
        SlowAnalyticDenoiser healthy = new SlowAnalyticDenoiser(1, 5, active, new AtomicInteger());
        Denoiser failing = (x, f, t, s, a, g, out) -> {
            if (calls.incrementAndGet() == 3) {
                throw boom;
            }
            healthy.predict(x, f, t, s, a, g, out);
        };
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> denoise(
                () -> new DdimScheduler(SchedulerConfig.VEXPRESS, 5), ContextWindows.uniform(30, 8, 2), 3.5,
                List.of(failing, healthy)));
        assertSame(boom, thrown);
        assertEquals(0, active.get(), "no window call is still running when the loop has thrown");
    }

    @Test
    void cancellingStopsSubmittingAndWaitsForTheCallsInFlight() {
        AtomicInteger active = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<SlowAnalyticDenoiser> pool = List.of(new SlowAnalyticDenoiser(1, 5, active, most),
                new SlowAnalyticDenoiser(2, 5, active, most));
        ContextWindows windows = ContextWindows.uniform(30, 8, 2);
        DdimScheduler scheduler = new DdimScheduler(SchedulerConfig.VEXPRESS, 10);
        MeanOverlapSampler sampler = new MeanOverlapSampler(scheduler, windows, 3.5,
                AttentionPlan.constant(new AttentionWeights(1, 1), 10));
        FloatTensor latents = FloatTensor.zeros(1, 2, 30, 3, 2);
        CancellationToken token = new CancellationToken();
        AtomicInteger done = new AtomicInteger();
        try (WindowDispatcher dispatcher = new WindowDispatcher(pool)) {
            assertThrows(GenerationCancelledException.class, () -> sampler.run(latents, dispatcher, null,
                    (step, steps, window, count) -> {
                        if (done.incrementAndGet() == 7) {
                            token.cancel();
                        }
                    }, token));
            assertEquals(0, active.get(), "nothing runs after the loop returned");
        }
        int calls = pool.stream().mapToInt(d -> d.model.calls).sum();
        assertEquals(7, done.get());
        assertTrue(calls >= 7 && calls <= 7 + 4, "at most 2 x 2 windows submitted ahead were run: " + calls);
    }
}
