package io.vexpress.core.denoise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The overlapping context windows V-Express denoises a video in, and how many windows cover each frame.
 *
 * <p>Reproduces V-Express's {@code uniform} context scheduler as its pipeline calls it: step 0, stride 1,
 * not closed-loop. Windows of {@code size} frames start at 0, {@code size - overlap}, ... while the start is
 * below {@code frames - overlap}; a window index past the last frame {@code e} is reflected to
 * {@code frames - 2 - e % frames}, so when the windows do not tile the video the last one folds back and can
 * hold a frame twice. A video no longer than one window is a single window of all its frames.
 *
 * <p>The coverage count of a frame is the number of windows that contain it, counting a window once even
 * when it holds the frame twice (the reference's {@code num_frame_context[context] += 1} indexes with
 * repeated indices, which adds once).
 */
public final class ContextWindows {
    private final int frames;
    private final int[][] windows;
    private final int[] coverage;
    private final int[] lastWindow;

    private ContextWindows(int frames, int[][] windows) {
        this.frames = frames;
        this.windows = windows;
        this.coverage = new int[frames];
        this.lastWindow = new int[frames];
        Arrays.fill(lastWindow, -1);
        boolean[] seen = new boolean[frames];
        for (int w = 0; w < windows.length; w++) {
            Arrays.fill(seen, false);
            for (int f : windows[w]) {
                if (!seen[f]) {
                    seen[f] = true;
                    coverage[f]++;
                    lastWindow[f] = w;
                }
            }
        }
    }

    /**
     * The {@code uniform} windows for a video of {@code frames} frames.
     *
     * @throws IllegalArgumentException if {@code frames < 1}, {@code size < 1}, or the overlap is not in
     *     {@code [0, size)}
     */
    public static ContextWindows uniform(int frames, int size, int overlap) {
        if (frames < 1 || size < 1 || overlap < 0 || overlap >= size) {
            throw new IllegalArgumentException("Need frames >= 1, context size >= 1 and 0 <= overlap < size; got "
                    + frames + " frames, size " + size + ", overlap " + overlap);
        }
        if (frames <= size) {
            int[] all = new int[frames];
            Arrays.setAll(all, i -> i);
            return new ContextWindows(frames, new int[][] {all});
        }
        List<int[]> list = new ArrayList<>();
        for (int start = 0; start < frames - overlap; start += size - overlap) {
            int[] w = new int[size];
            for (int i = 0; i < size; i++) {
                int e = start + i;
                w[i] = e >= frames ? frames - 2 - e % frames : e;
            }
            list.add(w);
        }
        return new ContextWindows(frames, list.toArray(new int[0][]));
    }

    /** Number of video frames. */
    public int frames() {
        return frames;
    }

    /** Number of windows. */
    public int count() {
        return windows.length;
    }

    /** Largest window length (all windows have it except a single short video's only window). */
    public int maxWindowSize() {
        int m = 0;
        for (int[] w : windows) {
            m = Math.max(m, w.length);
        }
        return m;
    }

    /**
     * The frame indices of window {@code w} (the shared array, not a copy, so the loop allocates nothing:
     * do not modify it).
     */
    public int[] window(int w) {
        return windows[w];
    }

    /** How many windows cover {@code frame} (a window holding it twice counts once). */
    public int coverage(int frame) {
        return coverage[frame];
    }

    /** Index of the last window that covers {@code frame}. */
    public int lastWindow(int frame) {
        return lastWindow[frame];
    }

    @Override
    public String toString() {
        return "ContextWindows[" + frames + " frames, " + windows.length + " windows]";
    }
}
