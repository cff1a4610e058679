package io.vexpress.core.denoise;

/** Receives progress from the {@link MeanOverlapSampler}: called after every window of every step. */
@FunctionalInterface
public interface DenoisingProgress {

    /** Ignores progress. */
    DenoisingProgress NONE = (step, steps, window, windows) -> { };

    /**
     * @param step 0-based step that is running
     * @param steps number of steps
     * @param window 0-based window just finished
     * @param windows windows per step
     */
    void windowDone(int step, int steps, int window, int windows);
}
