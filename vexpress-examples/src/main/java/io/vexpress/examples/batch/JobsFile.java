package io.vexpress.examples.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vexpress.InvalidInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A jobs table on disk: CSV with a header row ({@code .csv}), or JSON Lines, one object per line
 * ({@code .jsonl}, {@code .ndjson}, {@code .json}). Column names are {@code generate}'s flags without the dashes
 * (snake_case as in V-Express, or kebab-case), plus {@code job_id}.
 */
public final class JobsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobsFile() {
    }

    /** Whether {@code file}'s name says JSON Lines (else CSV). */
    public static boolean isJsonLines(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
    }

    /**
     * Reads every row.
     *
     * @throws InvalidInputException when the file is missing or is not CSV / JSON Lines
     */
    public static List<JobRow> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("Jobs file " + file.toAbsolutePath() + " does not exist. Pass a CSV or"
                    + " JSON Lines file with one job per row to --jobs.");
        }
        try {
            return isJsonLines(file) ? readJsonLines(file) : readCsv(file);
        } catch (IOException e) {
            throw new InvalidInputException("Cannot read jobs file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static List<JobRow> readCsv(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader().withColumnReordering(false);
        List<JobRow> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class).with(schema).readValues(in)) {
            while (it.hasNextValue()) {
                Map<String, String> cells = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : it.nextValue().entrySet()) {
                    put(cells, e.getKey(), e.getValue());
                }
                if (!cells.isEmpty()) {
                    rows.add(new JobRow(rows.size() + 1, cells));
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            throw new InvalidInputException("Jobs file " + file.toAbsolutePath() + " is not valid CSV with a header row ("
                    + e.getMessage().lines().findFirst().orElse("") + ").");
        }
        return rows;
    }

    private static List<JobRow> readJsonLines(Path file) throws IOException {
        List<JobRow> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidInputException("Line " + (i + 1) + " of jobs file " + file.toAbsolutePath()
                        + " is not a JSON object: " + e.getOriginalMessage());
            }
            if (!node.isObject()) {
                throw new InvalidInputException("Line " + (i + 1) + " of jobs file " + file.toAbsolutePath()
                        + " is not a JSON object (one job per line, e.g. {\"job_id\": \"a\", \"audio_path\": \"a.mp3\", ...}).");
            }
            Map<String, String> cells = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                put(cells, e.getKey(), v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString());
            }
            rows.add(new JobRow(rows.size() + 1, cells));
        }
        return rows;
    }

    private static void put(Map<String, String> cells, String column, String value) {
        if (column == null || value == null || value.isBlank()) {
            return;
        }
        cells.put(column.strip(), value.strip());
    }
}
