package io.vexpress.examples.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vexpress.MediaException;
import io.vexpress.media.files.AtomicTarget;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The results table of a batch: CSV with a header, or JSON Lines when the name ends in {@code .jsonl},
 * {@code .ndjson} or {@code .json}; columns {@link JobResult#COLUMNS}. Rewritten whole (atomically) after every
 * job, so it is complete and readable even when the batch is killed.
 */
public final class ResultsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;

    public ResultsFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** Replaces the file's contents with {@code results}, in the order given. */
    public void write(Collection<JobResult> results) {
        AtomicTarget target = AtomicTarget.create(file, false);
        try (Writer out = Files.newBufferedWriter(target.temp(), StandardCharsets.UTF_8)) {
            if (JobsFile.isJsonLines(file)) {
                for (JobResult r : results) {
                    out.write(JSON.writeValueAsString(json(r)));
                    out.write('\n');
                }
            } else {
                CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
                JobResult.COLUMNS.forEach(schema::addColumn);
                List<List<Object>> rows = new ArrayList<>();
                for (JobResult r : results) {
                    rows.add(cells(r));
                }
                new CsvMapper().writer(schema.build()).writeValues(out).writeAll(rows);
            }
        } catch (IOException e) {
            target.discard();
            throw new MediaException("Cannot write the results file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        target.commit();
    }

    /** One result as the row's cells, in {@link JobResult#COLUMNS} order. */
    public static List<Object> cells(JobResult r) {
        List<Object> row = new ArrayList<>();
        row.add(r.jobId());
        row.add(r.output().orElse(""));
        row.add(r.status().word());
        row.add(r.frames());
        row.add(r.fps());
        row.add(Math.round(r.seconds() * 1000) / 1000.0);
        row.add(r.error().orElse(""));
        return row;
    }

    static ObjectNode json(JobResult r) {
        ObjectNode n = JSON.createObjectNode();
        List<Object> cells = cells(r);
        for (int i = 0; i < JobResult.COLUMNS.size(); i++) {
            String column = JobResult.COLUMNS.get(i);
            Object v = cells.get(i);
            if (v instanceof Integer x) {
                n.put(column, x);
            } else if (v instanceof Double x) {
                n.put(column, x);
            } else if ("".equals(v) && (column.equals("error") || column.equals("output"))) {
                n.putNull(column);
            } else {
                n.put(column, String.valueOf(v));
            }
        }
        return n;
    }
}
