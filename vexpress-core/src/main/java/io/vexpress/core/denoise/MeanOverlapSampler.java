package io.vexpress.core.denoise;

import io.vexpress.AttentionWeights;
import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.core.attention.AttentionPlan;
import io.vexpress.core.noise.GaussianSource;
import io.vexpress.core.scheduler.DiffusionScheduler;
import io.vexpress.core.tensor.FloatTensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * V-Express's denoising loop over overlapping context windows ("mean overlap").
 *
 * <p>For every timestep and every window in order: gather the window's frames of the latents, let the
 * {@link Denoiser} predict (a doubled batch when guidance is on), combine {@code uncond + g * (cond - uncond)}
 * when {@code g > 1}, divide by each frame's coverage count and add to the frame's sum, then step the scheduler
 * on exactly the frames whose last covering window this was. Later windows of the same timestep therefore see
 * already-stepped frames only where a frame's windows are all done, as in the reference.
 *
 * <p>All buffers are allocated once in {@link #run}'s setup; the per-window work allocates nothing.
 */
public final class MeanOverlapSampler {
    private final DiffusionScheduler scheduler;
    private final ContextWindows windows;
    private final double guidanceScale;
    private final AttentionPlan attention;

    /**
     * @param scheduler a scheduler set to its number of steps
     * @param windows the context windows of the video
     * @param guidanceScale classifier-free guidance scale; guidance (the doubled batch) is on when {@code > 1}
     * @param attention attention weights per step; its step count must equal the scheduler's
     */
    public MeanOverlapSampler(DiffusionScheduler scheduler, ContextWindows windows, double guidanceScale,
                              AttentionPlan attention) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.windows = Objects.requireNonNull(windows, "windows");
        this.attention = Objects.requireNonNull(attention, "attention");
        if (!Double.isFinite(guidanceScale)) {
            throw new IllegalArgumentException("Guidance scale must be finite, got " + guidanceScale);
        }
        if (attention.steps() != scheduler.steps()) {
            throw new IllegalArgumentException("Attention plan has " + attention.steps() + " steps, scheduler "
                    + scheduler.steps());
        }
        this.guidanceScale = guidanceScale;
    }

    /** Whether the denoiser is asked for a doubled (unconditional + conditional) batch. */
    public boolean guided() {
        return ClassifierFreeGuidance.isGuided(guidanceScale);
    }

    /**
     * Denoises {@code latents} in place from pure noise to the final latents.
     *
     * @param latents initial noisy latents {@code [1, C, T, h, w]} (already scaled by the scheduler's init sigma)
     * @param denoiser the model
     * @param varianceNoise standard-normal source for schedulers that need it (DDIM with eta &gt; 0): the generator
     *     that drew the initial latents; may be null otherwise
     * @param progress called after every window
     * @param cancellation checked before every window; may be null
     * @throws io.vexpress.GenerationCancelledException when cancelled or interrupted
     */
    public void run(FloatTensor latents, Denoiser denoiser, GaussianSource varianceNoise,
                    DenoisingProgress progress, CancellationToken cancellation) {
        Objects.requireNonNull(denoiser, "denoiser");
        run(latents, WindowDispatcher.of(denoiser), varianceNoise, progress, cancellation);
    }

    /**
     * {@link #run(FloatTensor, Denoiser, GaussianSource, DenoisingProgress, CancellationToken)} with the window
     * calls spread over the denoisers of {@code pool}.
     *
     * <p>Within a step every window reads the latents of the previous step (a frame is stepped only by its last
     * window), so the windows of a step are independent: up to {@code 2 x pool.size()} of them are gathered and
     * submitted ahead, and window {@code k} of the next step as soon as every frame it shows has been stepped.
     * Predictions are still accumulated and frames stepped one window after the other in the order of the
     * single-denoiser loop, so the latents are bit-identical to it.
     */
    public void run(FloatTensor latents, WindowDispatcher pool, GaussianSource varianceNoise,
                    DenoisingProgress progress, CancellationToken cancellation) {
        Objects.requireNonNull(pool, "pool");
        DenoisingProgress listener = progress == null ? DenoisingProgress.NONE : progress;
        int[] shape = latents.shape();
        if (shape.length != 5 || shape[0] != 1 || shape[2] != windows.frames()) {
            throw new IllegalArgumentException("Latents must be [1, C, " + windows.frames() + ", h, w], got " + latents);
        }
        if (scheduler.needsVarianceNoise() && varianceNoise == null) {
            throw new IllegalArgumentException("This scheduler (eta > 0) needs a variance noise source");
        }
        boolean guided = guided();
        ClassifierFreeGuidance guidance = new ClassifierFreeGuidance(guidanceScale);
        int channels = shape[1];
        int h = shape[3];
        int w = shape[4];
        int count = windows.count();
        // Calls in flight use their own buffers: a ring of slots, one call each.
        int slots = pool.size() == 1 ? 1 : 2 * pool.size();

        // Setup: every buffer the loop touches.
        WindowAccumulator accumulator = new WindowAccumulator(windows, shape);
        FloatTensor sums = accumulator.sums();
        FloatTensor[][] inputOf = new FloatTensor[slots][count];
        FloatTensor[][] predictionOf = new FloatTensor[slots][count];
        for (int slot = 0; slot < slots; slot++) {
            Map<Integer, FloatTensor> windowInputs = new HashMap<>();
            Map<Integer, FloatTensor> predictions = new HashMap<>();
            for (int k = 0; k < count; k++) {
                int t = windows.window(k).length;
                inputOf[slot][k] = windowInputs.computeIfAbsent(t, n -> FloatTensor.zeros(1, channels, n, h, w));
                predictionOf[slot][k] = predictions.computeIfAbsent(t, n -> FloatTensor.zeros(guided ? 2 : 1, channels, n, h, w));
            }
        }
        Map<Integer, FloatTensor> noiseByEvents = new HashMap<>();
        FloatTensor[] noiseOf = new FloatTensor[count];
        // Window k of a step may be gathered once the previous step has stepped all its frames, i.e. after
        // that step's window lastOf[k].
        int[] lastOf = new int[count];
        for (int k = 0; k < count; k++) {
            int events = accumulator.completionEvents(k);
            if (scheduler.needsVarianceNoise() && events > 0) {
                noiseOf[k] = noiseByEvents.computeIfAbsent(events, n -> FloatTensor.zeros(1, channels, n, h, w));
            }
            for (int f : windows.window(k)) {
                lastOf[k] = Math.max(lastOf[k], windows.lastWindow(f));
            }
        }
        WindowDispatcher.Call[] calls = new WindowDispatcher.Call[slots];
        scheduler.begin(latents);

        int steps = scheduler.steps();
        int total = Math.multiplyExact(steps, count);
        int submitted = 0;
        int item = 0;
        try {
            for (; item < total; item++) {
                while (submitted < total && submitted - item < slots
                        && (submitted < count || item > submitted - submitted % count - count + lastOf[submitted % count])) {
                    if (cancellation != null) {
                        cancellation.throwIfCancelled();
                    } else if (Thread.currentThread().isInterrupted()) {
                        throw new GenerationCancelledException("Generation interrupted.");
                    }
                    int step = submitted / count;
                    int k = submitted % count;
                    int slot = submitted % slots;
                    FloatTensor.gatherFrames(latents, windows.window(k), inputOf[slot][k]);
                    calls[slot] = pool.submit(inputOf[slot][k], windows.window(k), scheduler.timestep(step), step,
                            attention.at(step), guided, predictionOf[slot][k]);
                    submitted++;
                }
                int step = item / count;
                int k = item % count;
                int slot = item % slots;
                pool.await(calls[slot]);
                calls[slot] = null;
                FloatTensor prediction = predictionOf[slot][k];
                if (guided) {
                    guidance.combineInPlace(prediction);
                }
                accumulator.add(k, prediction);
                int[] done = accumulator.completedBy(k);
                FloatTensor noise = noiseOf[k];
                if (noise != null) {
                    varianceNoise.fillStandardNormal(noise);
                }
                for (int j = 0; j < done.length; j++) {
                    int noiseFrame = noise == null ? 0 : accumulator.completionEvent(k, j);
                    scheduler.stepFrame(step, sums, latents, done[j], noise, noiseFrame);
                }
                listener.windowDone(step, steps, k, count);
            }
        } catch (RuntimeException | Error e) {
            pool.abandon(java.util.Arrays.asList(calls));
            throw e;
        }
    }
}
