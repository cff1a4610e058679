package io.vexpress.examples.spark;

import io.vexpress.InvalidInputException;
import io.vexpress.Precision;
import io.vexpress.examples.batch.JobColumns;
import io.vexpress.examples.batch.JobResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code vexpress batch} on Apache Spark: the same jobs table (the {@code generate} flags as columns, plus
 * {@code job_id}) read from any Spark source, one row per video, generated on the executors.
 *
 * <pre>
 * spark-submit --class io.vexpress.examples.spark.SparkBatchJob vexpress.jar \
 *     --jobs hdfs:///batches/jobs.csv --models /opt/vexpress/models --results hdfs:///batches/results \
 *     [--format csv|json|parquet] [--results_format csv|json|parquet] [--force] \
 *     [--dtype fp16] [--threads N] [--save_gpu_memory] [--face_detector det_10g.onnx] [any generate flag as a default]
 * </pre>
 *
 * <ul>
 *   <li>File columns ({@code reference_image_path}, {@code audio_path}, {@code kps_path}, {@code output_path}) are
 *       Hadoop paths or URIs ({@code hdfs://}, {@code s3a://}, {@code file:/}); relative ones resolve against the
 *       jobs table's folder. Inputs are copied to the executor's local disk, the video is generated into a local
 *       temporary file and then copied next to its destination under a temporary name and renamed into place, so a
 *       retried or speculative task never leaves half a video; a video whose sidecar carries the job's fingerprint
 *       is skipped, so a retried stage does not generate finished rows again.
 *   <li>{@code --models} is a folder on every executor's local disk (for instance shipped with
 *       {@code --archives models.tgz#models} and named {@code models}), or a Hadoop URI copied to each executor once.
 *   <li>Each executor JVM builds one generator per set of devices, on first use, and shares it between its tasks.
 *       With GPU scheduling ({@code spark.executor.resource.gpu.amount}, {@code spark.task.resource.gpu.amount=1})
 *       each task runs on the GPU Spark assigned to it ({@code TaskContext.get().resources()}); several GPUs per
 *       task make one generation use all of them. Without it, the CPU.
 *   <li>The results table (job_id, output, status, frames, fps, seconds, error) is written to {@code --results}; a
 *       row that fails is a row with its error there, not a failed Spark job.
 * </ul>
 */
public final class SparkBatchJob {
    /** The results table's schema, the columns of {@code vexpress batch}'s results file. */
    public static final StructType RESULT_SCHEMA = new StructType()
            .add("job_id", DataTypes.StringType, false)
            .add("output", DataTypes.StringType, true)
            .add("status", DataTypes.StringType, false)
            .add("frames", DataTypes.IntegerType, false)
            .add("fps", DataTypes.DoubleType, false)
            .add("seconds", DataTypes.DoubleType, false)
            .add("error", DataTypes.StringType, true);

    private static final List<String> OWN_FLAGS = List.of("jobs", "models", "results", "format", "results_format",
            "force", "dtype", "threads", "save_gpu_memory", "face_detector", "master");

    private SparkBatchJob() {
    }

    /** Parsed command line. */
    record Arguments(String jobs, String format, String models, String results, String resultsFormat, boolean force,
                     ExecutorGenerators.Settings generator, Map<String, String> defaults, String master) {
    }

    /**
     * Runs the batch on {@code spark} with the command-line arguments of {@link #main} (for tests and for programs
     * that hold a session already) and returns the results table as written.
     */
    public static Dataset<Row> run(SparkSession spark, String... args) {
        return run(spark, parse(args));
    }

    public static void main(String[] args) {
        Arguments a = parse(args);
        SparkSession.Builder builder = SparkSession.builder().appName("vexpress-batch");
        if (a.master() != null) {
            builder.master(a.master());
        }
        SparkSession spark = builder.getOrCreate();
        try {
            Dataset<Row> results = run(spark, a);
            long failed = results.filter(functions.col("status").equalTo(JobResult.Status.FAILED.word())).count();
            long total = results.count();
            System.out.printf(Locale.ROOT, "vexpress batch on Spark: %d jobs, %d failed; results in %s%n", total, failed,
                    a.results());
        } finally {
            spark.stop();
        }
    }

    /**
     * Reads the jobs, generates them on the executors and writes the results table; returns the results as
     * written (read back, so that the caller does not run the jobs a second time).
     */
    static Dataset<Row> run(SparkSession spark, Arguments a) {
        Dataset<Row> table = spark.read().format(a.format()).option("header", "true").option("inferSchema", "false")
                .load(a.jobs());
        // the batch's columns, all as text, as vexpress batch reads them
        JobColumns columns = new JobColumns(a.defaults(), java.nio.file.Path.of("").toAbsolutePath());
        columns.checkColumns(List.of(table.columns()), a.jobs());
        if (!List.of(table.columns()).contains(JobColumns.JOB_ID)) {
            throw new InvalidInputException("The jobs table " + a.jobs() + " has no job_id column; on Spark every row"
                    + " needs one (the rows have no order to number them by).");
        }
        List<Column> asText = new ArrayList<>();
        for (String c : table.columns()) {
            asText.add(functions.col("`" + c + "`").cast(DataTypes.StringType).as(c));
        }
        Dataset<Row> jobs = table.select(asText.toArray(Column[]::new));

        Map<String, String> hadoop = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) {
            hadoop.put(e.getKey(), e.getValue());
        }
        String base = new org.apache.hadoop.fs.Path(a.jobs()).getParent().toString();
        GenerateRows generate = new GenerateRows(a.generator(), a.defaults(), base, a.force(), hadoop);
        Dataset<Row> results = jobs.mapPartitions(generate, Encoders.row(RESULT_SCHEMA));
        results.write().mode(SaveMode.Overwrite).format(a.resultsFormat()).option("header", "true").save(a.results());
        return spark.read().format(a.resultsFormat()).option("header", "true").schema(RESULT_SCHEMA).load(a.results());
    }

    /** Parses {@code --flag value} pairs; generate's flags become column defaults. */
    static Arguments parse(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        JobColumns columns = new JobColumns(Map.of(), java.nio.file.Path.of(""));
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new InvalidInputException("Unexpected argument '" + args[i] + "'. " + usage());
            }
            String name = args[i].substring(2).replace('-', '_');
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (name.equals("force") || name.equals("save_gpu_memory")) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new InvalidInputException("--" + name + " needs a value. " + usage());
            }
            if (OWN_FLAGS.contains(name)) {
                flags.put(name, value);
            } else if (columns.isColumn(name) && !name.equals(JobColumns.JOB_ID)) {
                defaults.put(name, value);
            } else {
                throw new InvalidInputException("Unknown flag --" + name + ". " + usage());
            }
        }
        for (String required : List.of("jobs", "models", "results")) {
            if (!flags.containsKey(required)) {
                throw new InvalidInputException("Missing --" + required + ". " + usage());
            }
        }
        String jobs = flags.get("jobs");
        String format = flags.getOrDefault("format", formatOf(jobs));
        Precision precision = switch (flags.getOrDefault("dtype", "fp32").toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> Precision.FP32;
            case "fp16", "float16" -> Precision.FP16;
            default -> throw new InvalidInputException("Unknown --dtype '" + flags.get("dtype") + "'. Use fp32 or fp16.");
        };
        ExecutorGenerators.Settings generator = new ExecutorGenerators.Settings(flags.get("models"), precision,
                Integer.parseInt(flags.getOrDefault("threads", "0")), Boolean.parseBoolean(flags.getOrDefault("save_gpu_memory", "false")),
                flags.get("face_detector"));
        return new Arguments(jobs, format, flags.get("models"), flags.get("results"), flags.getOrDefault("results_format", "csv"),
                Boolean.parseBoolean(flags.getOrDefault("force", "false")), generator, defaults, flags.get("master"));
    }

    /** The Spark source format a jobs file's name suggests. */
    static String formatOf(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        if (p.endsWith(".parquet")) {
            return "parquet";
        }
        if (p.endsWith(".json") || p.endsWith(".jsonl") || p.endsWith(".ndjson")) {
            return "json";
        }
        return "csv";
    }

    private static String usage() {
        return "Usage: SparkBatchJob --jobs URI --models DIR --results URI [--format csv|json|parquet]"
                + " [--results_format csv|json|parquet] [--force] [--dtype fp32|fp16] [--threads N] [--save_gpu_memory]"
                + " [--face_detector FILE] [--master URL] [--<generate flag> VALUE ...]";
    }

    /** Hadoop settings rebuilt on an executor from the driver's. */
    static Configuration configuration(Map<String, String> entries) {
        Configuration c = new Configuration(false);
        entries.forEach(c::set);
        return c;
    }
}
