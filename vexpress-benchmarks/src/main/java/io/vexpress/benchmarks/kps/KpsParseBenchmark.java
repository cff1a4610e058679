package io.vexpress.benchmarks.kps;

import io.vexpress.keypoints.KeypointSequence;
import io.vexpress.media.kps.KpsCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a kps.pth as V-Express's extraction script writes it (a pickled list of float32 numpy arrays,
 * made by tools/benchmarks/make_kps_files.py) through the restricted unpickler: 137 frames (V-Express's
 * short sample) and 1800 frames (a minute at 30 fps). Includes opening and reading the file (page cache).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class KpsParseBenchmark {
    @Param({"137", "1800"})
    int frames;

    private final KpsCodec codec = new KpsCodec();
    private Path file;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        file = Files.createTempFile("vexpress-bench-kps", ".pth");
        String resource = "vexpress_list_" + frames + ".pth";
        try (InputStream in = KpsParseBenchmark.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing benchmark resource " + resource);
            }
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (codec.read(file).frameCount() != frames) {
            throw new IllegalStateException("parsed the wrong number of frames");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public KeypointSequence parseVExpressKpsPth() {
        return codec.read(file);
    }
}
