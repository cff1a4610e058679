package io.vexpress.examples.spark;

import io.vexpress.Device;
import io.vexpress.MemoryMode;
import io.vexpress.Precision;
import io.vexpress.TalkingHeadGenerator;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generators of one executor JVM: created on first use, shared by every task of the executor that runs
 * with the same settings and devices (so the models load once per executor and device, not per row), closed when
 * the JVM shuts down. A generator serialises its generations, so tasks sharing one wait for each other: give each
 * executor one task slot per device ({@code spark.task.resource.gpu.amount=1}, or {@code spark.task.cpus} equal to
 * {@code spark.executor.cores} on the CPU).
 */
final class ExecutorGenerators {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorGenerators.class);
    private static final Map<Key, TalkingHeadGenerator> GENERATORS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorGenerators::closeAll, "vexpress-generators-close"));
    }

    private ExecutorGenerators() {
    }

    /**
     * The generator settings of a job, the same on every executor.
     *
     * @param models the model bundle folder on the executor's local disk
     * @param precision fp32 or fp16
     * @param threads ONNX Runtime intra-op threads (0: its choice)
     * @param saveGpuMemory release each model after its stage
     * @param faceDetector a local SCRFD model, or null
     */
    record Settings(String models, Precision precision, int threads, boolean saveGpuMemory, String faceDetector)
            implements Serializable {
    }

    private record Key(Settings settings, List<Device> devices) {
    }

    /** The executor's generator for {@code settings} on {@code devices}, built on first use. */
    static TalkingHeadGenerator get(Settings settings, List<Device> devices) {
        return GENERATORS.computeIfAbsent(new Key(settings, List.copyOf(devices)), k -> {
            LOG.info("Loading the V-Express models from {} on {} for this executor", settings.models(), devices);
            TalkingHeadGenerator.Builder b = TalkingHeadGenerator.builder()
                    .setModelBundle(Path.of(settings.models()))
                    .optDevices(devices)
                    .optPrecision(settings.precision())
                    .optIntraOpThreads(settings.threads())
                    .optMemoryMode(settings.saveGpuMemory() ? MemoryMode.RELEASE_AFTER_STAGE : MemoryMode.KEEP_LOADED);
            if (settings.faceDetector() != null) {
                b.optFaceDetectorModel(Path.of(settings.faceDetector()));
            }
            return b.build();
        });
    }

    /** How many generators this JVM holds (for tests). */
    static int count() {
        return GENERATORS.size();
    }

    static void closeAll() {
        for (TalkingHeadGenerator g : GENERATORS.values()) {
            try {
                g.close();
            } catch (RuntimeException e) {
                LOG.warn("Closing a generator failed: {}", e.toString());
            }
        }
        GENERATORS.clear();
    }
}
