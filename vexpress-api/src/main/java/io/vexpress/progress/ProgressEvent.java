package io.vexpress.progress;

import java.time.Duration;

/** Something that happened during a generation; see {@link ProgressListener}. */
public sealed interface ProgressEvent {

    /**
     * A stage started.
     *
     * @param stage the stage
     */
    record StageStarted(Stage stage) implements ProgressEvent {
    }

    /**
     * A stage finished.
     *
     * @param stage the stage
     * @param elapsed how long it took
     */
    record StageFinished(Stage stage, Duration elapsed) implements ProgressEvent {
    }

    /**
     * The denoiser finished one context window of one step.
     *
     * @param step 1-based step
     * @param steps number of steps
     * @param window 1-based window within the step
     * @param windows windows per step
     */
    record DenoisingStep(int step, int steps, int window, int windows) implements ProgressEvent {
        /** Fraction of the denoising loop done, in (0, 1]. */
        public double fraction() {
            return ((double) (step - 1) * windows + window) / ((double) steps * windows);
        }
    }

    /**
     * Frames decoded and handed to the output.
     *
     * @param frames frames written so far
     * @param totalFrames frames in the video
     */
    record FramesEncoded(int frames, int totalFrames) implements ProgressEvent {
    }

    /**
     * Something the user may want to know about the inputs or settings: each warning of a generation comes once as an
     * event and is also in {@link io.vexpress.GenerationResult#warnings()}.
     *
     * @param message the warning
     */
    record Warning(String message) implements ProgressEvent {
    }
}
