package io.vexpress.examples.batch;

import io.vexpress.GenerationRequest;
import io.vexpress.InvalidInputException;
import io.vexpress.VExpressException;
import io.vexpress.examples.cli.GenerationOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The columns of a jobs table are {@code generate}'s flags without their dashes ({@code reference_image_path},
 * {@code num_inference_steps}, ... in snake_case as in V-Express, kebab-case also accepted), plus {@code job_id}.
 * A row is parsed exactly as {@code generate} parses its command line, so every flag {@code generate} has is a
 * column with the same values, defaults and checks. Relative paths in cells resolve against the jobs table's
 * folder; defaults (from the command line) fill empty cells.
 *
 * <p>The flags that configure the generator rather than one video ({@link #BATCH_ONLY}) cannot be columns: a
 * batch has one generator.
 */
public final class JobColumns {
    /** The job id column; without it a job's id is its row number. */
    public static final String JOB_ID = "job_id";

    /** {@code generate}'s generator settings: one value for the whole batch, given on the command line only. */
    public static final Set<String> BATCH_ONLY = Set.of("models", "model_bundle", "device", "devices",
            "do_multi_devices_inference", "dtype", "save_gpu_memory", "face_detector", "threads", "gpu_id",
            "insightface_model_path");

    private static final Pattern OPTION = Pattern.compile("option '--([A-Za-z0-9_-]+)(=[^']*)?'");
    private static final Pattern FLAG = Pattern.compile("'--([A-Za-z0-9_-]+)(=[^']*)?'");

    /** Column name (canonical: lower case, underscores) to the option it sets. */
    private final Map<String, OptionSpec> byColumn = new HashMap<>();
    private final Map<String, String> defaults;

    /**
     * @param defaults values for empty cells by column name (relative paths in them resolve against
     *     {@code defaultsBase}), e.g. the flags given to {@code vexpress batch}
     * @param defaultsBase the folder relative default paths are relative to (the working directory)
     */
    public JobColumns(Map<String, String> defaults, Path defaultsBase) {
        for (OptionSpec o : new CommandLine(new RowFlags()).getCommandSpec().options()) {
            for (String name : o.names()) {
                if (name.startsWith("--")) {
                    byColumn.put(canonical(name.substring(2)), o);
                }
            }
        }
        checkColumns(defaults.keySet(), "the defaults");
        Map<String, String> d = new LinkedHashMap<>();
        defaults.forEach((column, value) -> d.put(canonical(column), absolute(byColumn.get(canonical(column)), value, defaultsBase)));
        this.defaults = Map.copyOf(d);
    }

    /** Column names as written in a table: lower case with underscores. */
    static String canonical(String column) {
        return column.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Whether {@code column} names a {@code generate} flag that a row may set. */
    public boolean isColumn(String column) {
        String c = canonical(column);
        return c.equals(JOB_ID) || (byColumn.containsKey(c) && !BATCH_ONLY.contains(c) && !isHelp(c));
    }

    /** Whether {@code column} holds a file path (resolved against the table's folder). */
    public boolean isPathColumn(String column) {
        OptionSpec o = byColumn.get(canonical(column));
        return o != null && o.type() == Path.class;
    }

    /** Every column a row may have, sorted. */
    public Set<String> columns() {
        Set<String> all = new TreeSet<>();
        all.add(JOB_ID);
        for (OptionSpec o : byColumn.values()) {
            String first = canonical(o.names()[0].replaceFirst("^-+", ""));
            if (isColumn(first)) {
                all.add(first);
            }
        }
        return all;
    }

    private static boolean isHelp(String column) {
        return column.equals("help") || column.equals("version");
    }

    /**
     * Fails for columns that are no {@code generate} flag or that configure the generator, before any job runs.
     *
     * @param where the table's name in the message
     */
    public void checkColumns(Collection<String> columns, String where) {
        for (String column : columns) {
            String c = canonical(column);
            if (BATCH_ONLY.contains(c)) {
                throw new InvalidInputException("Column '" + column + "' in " + where + " is a setting of the whole batch"
                        + " (one generator runs every job): remove it and pass --" + c + " to vexpress batch instead.");
            }
            if (!isColumn(c)) {
                throw new InvalidInputException("Unknown column '" + column + "' in " + where + ". Columns are generate's"
                        + " flags without the dashes, plus job_id: " + String.join(", ", columns()) + ".");
            }
        }
    }

    /**
     * Every row as a job, in order. Rows that cannot run become {@link BatchJob#invalid invalid} jobs with their
     * reason; so do rows repeating an earlier row's job id or output file.
     *
     * @param base the folder relative paths in cells resolve against (the jobs table's folder)
     */
    public List<BatchJob> jobs(List<JobRow> rows, Path base) {
        List<BatchJob> jobs = new ArrayList<>();
        Map<String, BatchJob> byId = new HashMap<>();
        Map<Path, BatchJob> byOutput = new HashMap<>();
        for (JobRow row : rows) {
            BatchJob parsed = job(row, base);
            BatchJob job = parsed;
            BatchJob sameId = byId.putIfAbsent(job.id(), job);
            BatchJob sameOutput = job.output().map(o -> byOutput.putIfAbsent(o.toAbsolutePath().normalize(), parsed)).orElse(null);
            if (sameId != null) {
                job = BatchJob.invalid(job.id(), job.row(), job.output(), "job_id '" + job.id() + "' is also the id of row "
                        + sameId.row() + "; give every row its own job_id.");
            } else if (sameOutput != null) {
                job = BatchJob.invalid(job.id(), job.row(), job.output(), "output_path " + job.output().get()
                        + " is also the output of " + sameOutput.label() + "; give every row its own output_path.");
            }
            jobs.add(job);
        }
        return jobs;
    }

    /** One row as a job (see {@link #jobs} for the checks across rows). */
    public BatchJob job(JobRow row, Path base) {
        Map<String, String> cells = new LinkedHashMap<>();
        row.cells().forEach((k, v) -> cells.put(canonical(k), v));
        String id = cells.getOrDefault(JOB_ID, String.valueOf(row.number()));
        Map<OptionSpec, String> values = new LinkedHashMap<>();
        defaults.forEach((column, value) -> values.put(byColumn.get(column), value));
        Map<OptionSpec, String> fromRow = new HashMap<>();
        for (Map.Entry<String, String> cell : cells.entrySet()) {
            if (cell.getKey().equals(JOB_ID)) {
                continue;
            }
            OptionSpec o = byColumn.get(cell.getKey());
            if (o == null || !isColumn(cell.getKey())) {
                return BatchJob.invalid(id, row.number(), Optional.empty(), "column '" + cell.getKey() + "' is not a job setting.");
            }
            if (fromRow.containsKey(o)) {
                return BatchJob.invalid(id, row.number(), Optional.empty(), "the row sets " + o.names()[0].substring(2)
                        + " twice (columns with the same meaning).");
            }
            String value = absolute(o, cell.getValue(), base);
            fromRow.put(o, value);
            values.put(o, value);
        }
        Optional<Path> output = Optional.ofNullable(values.get(byColumn.get("output_path"))).map(Path::of);
        RowFlags flags = new RowFlags();
        CommandLine cl = new CommandLine(flags);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        try {
            cl.parseArgs(arguments(values));
        } catch (CommandLine.ParameterException e) {
            return BatchJob.invalid(id, row.number(), output, inColumnWords(e.getMessage()));
        }
        GenerationRequest request;
        try {
            request = flags.options.toRequest();
        } catch (VExpressException e) {
            return BatchJob.invalid(id, row.number(), output, inColumnWords(e.getMessage()));
        }
        TreeMap<String, String> settings = new TreeMap<>();
        List<Path> inputs = new ArrayList<>();
        for (OptionSpec o : cl.getCommandSpec().options()) {
            String column = canonical(o.names()[0].replaceFirst("^-+", ""));
            if (!isColumn(column) || column.equals("output_path")) {
                continue;
            }
            Object value = o.getValue();
            if (value instanceof Path p) {
                // an input file counts by its contents (JobFingerprint), not by where it lies
                inputs.add(p);
                value = "<file " + inputs.size() + ">";
            }
            settings.put(column, String.valueOf(value));
        }
        return new BatchJob(id, row.number(), Optional.of(request), request.outputPath(), settings, inputs, Optional.empty());
    }

    private static String[] arguments(Map<OptionSpec, String> values) {
        List<String> args = new ArrayList<>();
        for (Map.Entry<OptionSpec, String> e : values.entrySet()) {
            OptionSpec o = e.getKey();
            String name = o.longestName();
            if (o.arity().max() == 0) { // a switch: true/false in the cell
                if (truth(e.getValue(), name)) {
                    args.add(name);
                }
            } else {
                args.add(name + "=" + e.getValue());
            }
        }
        return args.toArray(String[]::new);
    }

    private static boolean truth(String value, String name) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off", "" -> false;
            default -> throw new InvalidInputException("Column '" + name.substring(2) + "' takes true or false, got '" + value + "'.");
        };
    }

    /** Relative file paths become paths under {@code base}. */
    private static String absolute(OptionSpec o, String value, Path base) {
        if (o != null && o.type() == Path.class && !value.isBlank()) {
            Path p = Path.of(value.strip());
            return (p.isAbsolute() ? p : base.resolve(p)).normalize().toString();
        }
        return value;
    }

    /** picocli's "option '--steps'" in a table's words: "column 'steps'". */
    static String inColumnWords(String message) {
        String m = OPTION.matcher(message).replaceAll("column '$1'");
        m = FLAG.matcher(m).replaceAll("'$1'");
        return m.replace("Missing required options:", "Missing required columns:")
                .replace("Missing required option:", "Missing required column:");
    }

    /** {@code generate}'s flags, parsed from one row. */
    @Command(name = "row")
    static final class RowFlags {
        @Mixin
        GenerationOptions options = new GenerationOptions();
    }
}
