package io.vexpress.examples.batch;

import java.util.List;

/**
 * What a batch did.
 *
 * @param results one per job, in the jobs table's order
 * @param progress the final counts
 * @param seconds the batch's wall time
 */
public record BatchReport(List<JobResult> results, BatchProgress progress, double seconds) {
    public BatchReport {
        results = List.copyOf(results);
    }

    /** Whether any job failed. */
    public boolean anyFailed() {
        return progress.failed() > 0;
    }
}
