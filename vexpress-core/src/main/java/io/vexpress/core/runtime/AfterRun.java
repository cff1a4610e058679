package io.vexpress.core.runtime;

/** What a model run does with ONNX Runtime's arena memory when it ends. */
public enum AfterRun {
    /** Keep it for the next run of the same stage (the default). */
    KEEP_ARENA,
    /**
     * The stage's last run of this model: shrink the session's arenas, so what this stage's peak reserved goes
     * back before the next stage (no effect when the session uses no arena, the CPU default).
     */
    SHRINK_ARENA
}
