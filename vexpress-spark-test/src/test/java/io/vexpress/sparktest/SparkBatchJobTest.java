package io.vexpress.sparktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark batch example in {@code local[2]}, loaded from the shaded {@code vexpress.jar} next to Spark's own jars
 * (as {@code spark-submit} loads an application jar), on the tiny bundle: three jobs, one of them bad; then the same
 * jobs from Parquet, where the finished rows are skipped. vexpress classes are reached by reflection: they are only
 * in the shaded jar.
 */
class SparkBatchJobTest {
    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path inputs;

    @BeforeAll
    static void start() throws Exception {
        Path jar = Path.of(System.getProperty("vexpress.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: build vexpress-examples first (mvn -B -ntp package)");
        inputs = dir.resolve("inputs");
        // the demo's portrait, 0.2 s of speech, keypoints and the tiny bundle, written by the jar's own CLI
        Class<?> cli = Class.forName("io.vexpress.examples.cli.VExpressCommand");
        StringWriter out = new StringWriter();
        int code = (int) cli.getMethod("run", String[].class, PrintWriter.class, PrintWriter.class).invoke(null,
                new String[] {"demo", "-q", "--work_dir", inputs.toString(), "--seconds", "0.2", "-o",
                        dir.resolve("demo.mp4").toString(), "--num_inference_steps", "1"},
                new PrintWriter(out, true), new PrintWriter(out, true));
        assertEquals(0, code, out.toString());
        spark = SparkSession.builder().master("local[2]").appName("vexpress-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Row> run(String... args) throws Exception {
        Method run = Class.forName("io.vexpress.examples.spark.SparkBatchJob").getMethod("run", SparkSession.class, String[].class);
        Dataset<Row> results;
        try {
            results = (Dataset<Row>) run.invoke(null, spark, args);
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
        return results.collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r, (a, b) -> a, TreeMap::new));
    }

    private static String[] args(Path jobs, String format, Path results) {
        return new String[] {"--jobs", jobs.toUri().toString(), "--format", format, "--models", inputs.resolve("tiny-bundle").toString(),
                "--results", results.toUri().toString(), "--threads", "1", "--num_inference_steps", "1", "--width", "64",
                "--height", "64", "--retarget_strategy", "no_retarget", "--kps_path", inputs.resolve("kps.pth").toString()};
    }

    @Test
    void jobsRunOnExecutorsFailedRowsAreRowsAndFinishedRowsAreSkipped() throws Exception {
        Path jobs = Files.writeString(dir.resolve("jobs.csv"), String.join("\n",
                "job_id,reference_image_path,audio_path,output_path,seed",
                "a,inputs/portrait.png,inputs/speech.wav,videos/a.mp4,1",
                "b,inputs/portrait.png,inputs/no-such.wav,videos/b.mp4,2",
                "c,inputs/portrait.png,inputs/speech.wav,videos/c.mp4,3") + "\n");
        Map<String, Row> first = run(args(jobs, "csv", dir.resolve("results-csv")));
        assertEquals(List.of("a", "b", "c"), List.copyOf(first.keySet()));
        assertEquals("ok", first.get("a").getString(2), first.toString());
        assertEquals(6, first.get("a").getInt(3), "0.2 s at 30 fps");
        assertEquals("ok", first.get("c").getString(2), first.toString());
        assertEquals("failed", first.get("b").getString(2));
        assertTrue(first.get("b").getString(6).contains("no-such.wav"), first.get("b").toString());
        assertTrue(first.get("a").getString(1).endsWith("videos/a.mp4"), first.get("a").toString());
        for (String v : List.of("a.mp4", "a.mp4.vexpress.json", "c.mp4", "c.mp4.vexpress.json")) {
            assertTrue(Files.size(dir.resolve("videos").resolve(v)) > 0, v);
        }
        try (Stream<Path> files = Files.list(dir.resolve("videos"))) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList());
        }
        Method count = Class.forName("io.vexpress.examples.spark.ExecutorGenerators").getDeclaredMethod("count");
        count.setAccessible(true);
        int generators = (int) count.invoke(null);
        assertEquals(1, generators, "one generator for this executor JVM, shared by both task slots");

        // The same jobs from Parquet (any Spark source): the finished rows are skipped, the bad one fails again.
        Path parquet = dir.resolve("jobs.parquet");
        spark.read().option("header", "true").csv(jobs.toString()).write().parquet(parquet.toString());
        Map<String, Row> again = run(args(parquet, "parquet", dir.resolve("results-parquet")));
        // relative paths resolve against the table's folder: jobs.parquet's parent, as for jobs.csv
        assertEquals("skipped", again.get("a").getString(2), again.toString());
        assertEquals("skipped", again.get("c").getString(2), again.toString());
        assertEquals(6, again.get("c").getInt(3), "frames from the sidecar");
        assertEquals("failed", again.get("b").getString(2));
    }
}
