package io.vexpress.examples.spark;

import io.vexpress.Device;
import io.vexpress.GenerationResult;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.VExpressException;
import io.vexpress.examples.batch.BatchJob;
import io.vexpress.examples.batch.JobColumns;
import io.vexpress.examples.batch.JobFingerprint;
import io.vexpress.examples.batch.JobResult;
import io.vexpress.examples.batch.JobRow;
import io.vexpress.examples.batch.OutputSidecar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Runs on an executor: turns each jobs row into a results row (see {@link SparkBatchJob} for what happens to the
 * files). Every failure of a row, including a generator that cannot be built, becomes that row's error.
 */
final class GenerateRows implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final String OUTPUT = "output_path";

    private final ExecutorGenerators.Settings settings;
    private final LinkedHashMap<String, String> defaults;
    private final String base;
    private final boolean force;
    private final LinkedHashMap<String, String> hadoop;

    GenerateRows(ExecutorGenerators.Settings settings, Map<String, String> defaults, String base, boolean force,
                 Map<String, String> hadoop) {
        this.settings = settings;
        this.defaults = new LinkedHashMap<>(defaults);
        this.base = base;
        this.force = force;
        this.hadoop = new LinkedHashMap<>(hadoop);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) throws IOException {
        Configuration conf = SparkBatchJob.configuration(hadoop);
        java.nio.file.Path work = Files.createTempDirectory("vexpress-spark-");
        try {
            ExecutorModels models = new ExecutorModels(settings, conf);
            Map<String, java.nio.file.Path> copied = new HashMap<>(); // inputs shared by rows are copied once
            List<Row> results = new ArrayList<>();
            int n = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                java.nio.file.Path local = Files.createDirectory(work.resolve("job-" + n++));
                results.add(toRow(generate(row, local, copied, conf, models)));
            }
            return results.iterator();
        } finally {
            deleteTree(work);
        }
    }

    private JobResult generate(Row row, java.nio.file.Path local, Map<String, java.nio.file.Path> copied, Configuration conf,
                               ExecutorModels models) {
        JobColumns columns = new JobColumns(Map.of(), local);
        Map<String, String> cells = new LinkedHashMap<>(defaults);
        for (String field : row.schema().fieldNames()) {
            Object v = row.getAs(field);
            if (v != null && !v.toString().isBlank()) {
                cells.put(field.toLowerCase(java.util.Locale.ROOT).replace('-', '_'), v.toString().strip());
            }
        }
        String id = cells.getOrDefault(JobColumns.JOB_ID, "?");
        Optional<Path> target = Optional.ofNullable(cells.get(OUTPUT)).map(this::resolve);
        Optional<String> shown = target.map(Path::toString);
        long start = System.nanoTime();
        try {
            if (target.isEmpty()) {
                return JobResult.failed(id, shown, 0, "Missing required column: output_path");
            }
            Map<String, String> onDisk = new LinkedHashMap<>();
            for (Map.Entry<String, String> cell : cells.entrySet()) {
                String column = cell.getKey();
                String value = cell.getValue();
                if (column.equals(OUTPUT)) {
                    value = local.resolve("video-" + target.get().getName()).toString();
                } else if (columns.isPathColumn(column)) {
                    value = copied.computeIfAbsent(resolve(value).toString(), uri -> copyIn(new Path(uri), conf, local)).toString();
                }
                onDisk.put(column, value);
            }
            BatchJob job = columns.job(new JobRow(1, onDisk), local);
            if (!job.valid()) {
                return JobResult.failed(id, shown, 0, job.error().orElseThrow());
            }
            Path video = target.get();
            FileSystem fs = video.getFileSystem(conf);
            Path sidecar = new Path(video.getParent(), video.getName() + OutputSidecar.SUFFIX);
            String fingerprint = JobFingerprint.of(job, models.bundle(), settings.precision());
            if (!force && fs.exists(video) && fs.exists(sidecar)) {
                OutputSidecar done = OutputSidecar.parse(readAll(fs, sidecar));
                if (done.fingerprint().equals(fingerprint)) {
                    return new JobResult(id, shown, JobResult.Status.SKIPPED, done.frames(), done.fps(), done.seconds(),
                            Optional.empty());
                }
            }
            TalkingHeadGenerator generator = models.generator(devices());
            GenerationResult r = generator.generate(job.request().orElseThrow());
            double seconds = (System.nanoTime() - start) / 1e9;
            fs.delete(sidecar, false); // the old video's, if any: it is about to be replaced
            String attempt = attemptName();
            copyOut(fs, job.output().orElseThrow(), video, attempt);
            OutputSidecar made = new OutputSidecar(fingerprint, id, r.frameCount(), r.fps(), seconds);
            writeInPlace(fs, made.toJson(), sidecar, attempt);
            return new JobResult(id, shown, JobResult.Status.OK, r.frameCount(), r.fps(), seconds, Optional.empty());
        } catch (VExpressException e) {
            return JobResult.failed(id, shown, (System.nanoTime() - start) / 1e9, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return JobResult.failed(id, shown, (System.nanoTime() - start) / 1e9, "File system: " + e.getMessage());
        } catch (RuntimeException e) {
            return JobResult.failed(id, shown, (System.nanoTime() - start) / 1e9,
                    "internal error: " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** A cell's path or URI, relative ones against the jobs table's folder. */
    private Path resolve(String value) {
        Path p = new Path(value);
        return p.isAbsoluteAndSchemeAuthorityNull() || p.toUri().getScheme() != null ? p : new Path(new Path(base), p);
    }

    private static java.nio.file.Path copyIn(Path source, Configuration conf, java.nio.file.Path folder) {
        try {
            FileSystem fs = source.getFileSystem(conf);
            java.nio.file.Path dst = Files.createTempFile(folder, "in-", "-" + source.getName());
            try (InputStream in = fs.open(source)) {
                Files.copy(in, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return dst;
        } catch (java.io.FileNotFoundException e) {
            throw new io.vexpress.InvalidInputException("Input " + source + " does not exist.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The local video goes next to its destination under a temporary name first and is renamed into place, so
     * readers never see half a video; if a speculative twin got there first, its copy stays.
     */
    private static void copyOut(FileSystem fs, java.nio.file.Path local, Path video, String attempt) throws IOException {
        Path temp = new Path(video.getParent(), "." + video.getName() + "." + attempt + ".part");
        fs.mkdirs(video.getParent());
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), temp);
        rename(fs, temp, video);
    }

    private static void writeInPlace(FileSystem fs, byte[] bytes, Path target, String attempt) throws IOException {
        Path temp = new Path(target.getParent(), "." + target.getName() + "." + attempt + ".part");
        try (OutputStream out = fs.create(temp, true)) {
            out.write(bytes);
        }
        rename(fs, temp, target);
    }

    private static void rename(FileSystem fs, Path temp, Path target) throws IOException {
        fs.delete(target, false);
        if (!fs.rename(temp, target)) {
            boolean twin = fs.exists(target);
            fs.delete(temp, false);
            if (!twin) {
                throw new IOException("could not rename " + temp + " to " + target);
            }
        }
    }

    private static byte[] readAll(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    /** The GPUs Spark gave this task, else the CPU. */
    static List<Device> devices() {
        TaskContext task = TaskContext.get();
        if (task != null) {
            ResourceInformation gpus = task.resourcesJMap().get("gpu");
            if (gpus != null && gpus.addresses().length > 0) {
                List<Device> devices = new ArrayList<>();
                for (String address : gpus.addresses()) {
                    devices.add(Device.cuda(Integer.parseInt(address.trim())));
                }
                return devices;
            }
        }
        return List.of(Device.cpu());
    }

    private static String attemptName() {
        TaskContext task = TaskContext.get();
        return task == null ? Long.toHexString(System.nanoTime())
                : "stage" + task.stageId() + "-task" + task.taskAttemptId() + "-" + Long.toHexString(System.nanoTime());
    }

    private static Row toRow(JobResult r) {
        return RowFactory.create(r.jobId(), r.output().orElse(null), r.status().word(), r.frames(), r.fps(), r.seconds(),
                r.error().orElse(null));
    }

    private static void deleteTree(java.nio.file.Path root) {
        try (Stream<java.nio.file.Path> walk = Files.walk(root)) {
            for (java.nio.file.Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // temporary files of a finished task: the OS cleans its temporary folder
        }
    }
}
