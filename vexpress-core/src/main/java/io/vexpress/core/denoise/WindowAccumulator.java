package io.vexpress.core.denoise;

import io.vexpress.core.tensor.FloatTensor;
import java.util.Arrays;

/**
 * Accumulates window predictions per video frame for the mean-overlap loop, the way V-Express does it.
 *
 * <p>Each window's prediction is divided by the coverage count of each frame, then added to that frame's
 * running sum. A frame whose last covering window has just been added is complete: the loop steps it and
 * its sum starts empty again. Quirk of the reference kept on purpose: in a window that holds a frame twice
 * (a fold-back window), both slots are added; and if that window is the frame's last one, the frame completes
 * at its first slot, its sum restarts from the second slot alone, and that second value is what the scheduler
 * steps (the reference steps both and keeps the last write).
 */
public final class WindowAccumulator {
    /** Work runs in chunks over heap arrays, which the JIT vectorises (it does not vectorise direct buffers). */
    private static final int CHUNK = 1024;

    private final float[] slot = new float[CHUNK];
    private final float[] sum = new float[CHUNK];
    private final ContextWindows windows;
    private final FloatTensor sums;
    private final boolean[] empty;
    private final float[] coverage;
    /** Per window: the frames it completes, each once, in order of first completion. */
    private final int[][] completes;
    private final int[] events;
    private final int[][] eventOfCompletion;

    /**
     * @param windows the context windows
     * @param latentShape the video latents' shape {@code [1, C, T, h, w]}
     */
    public WindowAccumulator(ContextWindows windows, int[] latentShape) {
        if (latentShape.length != 5 || latentShape[0] != 1 || latentShape[2] != windows.frames()) {
            throw new IllegalArgumentException("Latents " + Arrays.toString(latentShape) + " do not match "
                    + windows);
        }
        this.windows = windows;
        this.sums = FloatTensor.zeros(latentShape);
        this.empty = new boolean[windows.frames()];
        Arrays.fill(empty, true);
        this.coverage = new float[windows.frames()];
        for (int f = 0; f < coverage.length; f++) {
            coverage[f] = windows.coverage(f);
        }
        this.completes = new int[windows.count()][];
        this.events = new int[windows.count()];
        this.eventOfCompletion = new int[windows.count()][];
        for (int w = 0; w < windows.count(); w++) {
            final int window = w;
            int[] slots = windows.window(w);
            completes[w] = Arrays.stream(slots).distinct().filter(f -> windows.lastWindow(f) == window).toArray();
            // The reference steps once per completing slot (a folded frame twice) and keeps the last write.
            eventOfCompletion[w] = new int[completes[w].length];
            int event = 0;
            for (int f : slots) {
                if (windows.lastWindow(f) == w) {
                    for (int k = 0; k < completes[w].length; k++) {
                        if (completes[w][k] == f) {
                            eventOfCompletion[w][k] = event;
                        }
                    }
                    event++;
                }
            }
            events[w] = event;
        }
    }

    /**
     * Number of scheduler-step "events" of window {@code w} in the reference: one per slot whose frame completes
     * there, so a folded frame counts twice. With DDIM eta &gt; 0 the reference draws variance noise for that many
     * frames.
     */
    public int completionEvents(int w) {
        return events[w];
    }

    /** For the {@code k}-th frame of {@link #completedBy(int) completedBy(w)}: the event whose result it keeps. */
    public int completionEvent(int w, int k) {
        return eventOfCompletion[w][k];
    }

    /** The per-frame sums, shaped like the latents; frames listed by {@link #completedBy} hold final values. */
    public FloatTensor sums() {
        return sums;
    }

    /** The frames window {@code w} completes (shared array: do not modify), each once. */
    public int[] completedBy(int w) {
        return completes[w];
    }

    /**
     * Adds window {@code w}'s prediction (batch 0 of {@code prediction}, {@code [B>=1, C, T, h, w]}) to the frame
     * sums, dividing each slot by its frame's coverage count.
     */
    public void add(int w, FloatTensor prediction) {
        int[] frames = windows.window(w);
        int channels = sums.dim(1);
        int area = sums.frameArea();
        for (int slot = 0; slot < frames.length; slot++) {
            int f = frames[slot];
            float count = coverage[f];
            boolean fresh = empty[f];
            for (int c = 0; c < channels; c++) {
                int s = prediction.frameOffset(c, slot);
                int d = sums.frameOffset(c, f);
                if (fresh && count == 1f) {
                    sums.copyRange(prediction, s, d, area); // x / 1 == x: a bulk copy
                } else {
                    addDivided(prediction, s, d, area, count, fresh);
                }
            }
            // The reference resets a frame's sum when it completes, even in the middle of its last window.
            empty[f] = windows.lastWindow(f) == w;
        }
    }

    private static boolean isPowerOfTwo(float count) {
        int n = (int) count;
        return (n & (n - 1)) == 0;
    }

    /** sums[d..] = (fresh ? 0 : sums[d..]) + prediction[s..] / count, over {@code n} elements. */
    private void addDivided(FloatTensor prediction, int s, int d, int n, float count, boolean fresh) {
        // x / 2^k and x * 2^-k are the same correctly rounded value, and multiplying is much cheaper
        boolean exactReciprocal = isPowerOfTwo(count);
        float reciprocal = 1f / count;
        float[] a = slot;
        float[] b = sum;
        for (int start = 0; start < n; start += CHUNK) {
            int len = Math.min(CHUNK, n - start);
            prediction.get(s + start, a, 0, len);
            if (exactReciprocal) {
                for (int i = 0; i < len; i++) {
                    a[i] = a[i] * reciprocal;
                }
            } else {
                for (int i = 0; i < len; i++) {
                    a[i] = a[i] / count;
                }
            }
            if (fresh) {
                sums.put(d + start, a, 0, len);
            } else {
                sums.get(d + start, b, 0, len);
                for (int i = 0; i < len; i++) {
                    b[i] = b[i] + a[i];
                }
                sums.put(d + start, b, 0, len);
            }
        }
    }
}
