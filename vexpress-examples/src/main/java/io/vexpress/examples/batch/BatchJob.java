package io.vexpress.examples.batch;

import io.vexpress.GenerationRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One generation of a batch, or the reason its row cannot run.
 *
 * @param id the job id ({@code job_id} column, else the row number)
 * @param row the row's number in the jobs table (1 = first data row)
 * @param request the checked request, empty when the row is invalid
 * @param output the video file the request writes, empty when the row has none
 * @param settings every setting of the request, defaults included, as {@code column=value} text (what the
 *     fingerprint covers besides the input files' contents); a file setting reads {@code <file n>}, the n-th of
 *     {@code inputs}
 * @param inputs the input files, whose contents the fingerprint covers
 * @param error why the row cannot run, when {@code request} is empty
 */
public record BatchJob(String id, int row, Optional<GenerationRequest> request, Optional<Path> output,
                       SortedMap<String, String> settings, List<Path> inputs, Optional<String> error) {

    public BatchJob {
        settings = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(settings));
        inputs = List.copyOf(inputs);
    }

    /** A row that cannot run. */
    public static BatchJob invalid(String id, int row, Optional<Path> output, String error) {
        return new BatchJob(id, row, Optional.empty(), output, new java.util.TreeMap<>(), List.of(), Optional.of(error));
    }

    /** Whether the row could be turned into a request. */
    public boolean valid() {
        return request.isPresent();
    }

    /** How the job is named in messages: {@code job 'a7' (row 3)}. */
    public String label() {
        return "job '" + id + "' (row " + row + ")";
    }
}
