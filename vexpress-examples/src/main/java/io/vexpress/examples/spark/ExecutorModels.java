package io.vexpress.examples.spark;

import io.vexpress.Device;
import io.vexpress.TalkingHeadGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The model bundle on this executor: {@code --models} as a local folder, or, when it is a Hadoop URI
 * ({@code hdfs://}, {@code s3a://}), a local copy made once per executor JVM.
 */
final class ExecutorModels {
    private static final Map<String, Path> COPIES = new ConcurrentHashMap<>();
    private final ExecutorGenerators.Settings settings;
    private final Configuration conf;
    private Path bundle;

    ExecutorModels(ExecutorGenerators.Settings settings, Configuration conf) {
        this.settings = settings;
        this.conf = conf;
    }

    /** The local bundle folder. */
    Path bundle() {
        if (bundle == null) {
            String models = settings.models();
            org.apache.hadoop.fs.Path uri = new org.apache.hadoop.fs.Path(models);
            String scheme = uri.toUri().getScheme();
            bundle = scheme == null || scheme.equals("file") ? Path.of(uri.toUri().getPath()).toAbsolutePath()
                    : COPIES.computeIfAbsent(models, m -> copy(uri));
        }
        return bundle;
    }

    /** This executor's generator on {@code devices}. */
    TalkingHeadGenerator generator(List<Device> devices) {
        ExecutorGenerators.Settings local = new ExecutorGenerators.Settings(bundle().toString(), settings.precision(),
                settings.threads(), settings.saveGpuMemory(), settings.faceDetector());
        return ExecutorGenerators.get(local, devices);
    }

    private Path copy(org.apache.hadoop.fs.Path source) {
        try {
            Path dir = Files.createTempDirectory("vexpress-models-");
            FileSystem fs = source.getFileSystem(conf);
            fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(dir.toUri()), true);
            return dir.resolve(source.getName());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the model bundle " + source + " to this executor: " + e.getMessage(), e);
        }
    }
}
