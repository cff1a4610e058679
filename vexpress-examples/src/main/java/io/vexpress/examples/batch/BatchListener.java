package io.vexpress.examples.batch;

import io.vexpress.progress.ProgressEvent;

/** Follows a batch: every job's start, its generation's own progress events, and its outcome. */
public interface BatchListener {
    /** Ignores everything. */
    BatchListener NONE = new BatchListener() { };

    /** A job is about to run (it may still turn out to be done already). */
    default void jobStarted(BatchJob job, BatchProgress progress) {
    }

    /** A progress event of the running job's generation. */
    default void jobEvent(BatchJob job, ProgressEvent event) {
    }

    /** A job ended; {@code progress} counts it. */
    default void jobFinished(BatchJob job, JobResult result, BatchProgress progress) {
    }
}
