package io.vexpress.examples.batch;

import java.util.Optional;

/**
 * The outcome of one job, one row of the results table.
 *
 * @param jobId the job id
 * @param output the video's path or URI, empty when the row had none
 * @param status {@code ok} (generated now), {@code skipped} (done before with the same inputs and settings) or
 *     {@code failed}
 * @param frames frames of the video (0 when failed)
 * @param fps its exact frame rate (0 when failed)
 * @param seconds the generation's wall time (for {@code skipped}: the earlier run's)
 * @param error why it failed, empty otherwise
 */
public record JobResult(String jobId, Optional<String> output, Status status, int frames, double fps, double seconds,
                        Optional<String> error) {

    /** How a job ended. */
    public enum Status {
        OK, SKIPPED, FAILED;

        /** The word in the results table. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The results table's columns, in order. */
    public static final java.util.List<String> COLUMNS = java.util.List.of("job_id", "output", "status", "frames", "fps",
            "seconds", "error");

    public static JobResult failed(String jobId, Optional<String> output, double seconds, String error) {
        return new JobResult(jobId, output, Status.FAILED, 0, 0, seconds, Optional.of(error));
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
