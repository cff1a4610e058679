package io.vexpress;

/** When model sessions are opened and released. */
public enum MemoryMode {
    /** Open every model once and keep it open for repeated generations with one generator (default). */
    KEEP_LOADED,
    /**
     * V-Express's {@code --save_gpu_memory}: open each model when its stage starts and close it as soon
     * as the stage is done, so that at most the denoiser and one small model are resident. Slower for
     * repeated generations, identical output.
     */
    RELEASE_AFTER_STAGE
}
