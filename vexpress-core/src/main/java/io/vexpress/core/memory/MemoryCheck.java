package io.vexpress.core.memory;

import static io.vexpress.InsufficientMemoryException.formatBytes;

import io.vexpress.InsufficientMemoryException;
import io.vexpress.InsufficientMemoryException.Pool;
import io.vexpress.InsufficientMemoryException.Remedy;
import io.vexpress.MemoryMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a {@link PeakMemoryEstimate} with what the process may use and fails before heavy work when it
 * does not fit. "Fits" means: the Java heap estimate within {@code -Xmx}; the direct buffers within
 * {@code -XX:MaxDirectMemorySize}; and, when the models run on the CPU, the resident memory the generation adds
 * within what the machine (or the cgroup) has available now. On CUDA the models' weights and activations live
 * in the GPU's memory, which ONNX Runtime's Java API cannot query: a shortage there is reported when ONNX
 * Runtime's allocation fails. {@code -Dvexpress.memoryCheck=false} skips the check.
 */
public final class MemoryCheck {
    /** System property that turns the check off. */
    public static final String PROPERTY = "vexpress.memoryCheck";
    /** Above this share of the available memory the check warns that the generation may swap or be killed. */
    static final double WARN_SHARE = 0.85;
    private static final Logger LOG = LoggerFactory.getLogger(MemoryCheck.class);

    private MemoryCheck() {
    }

    /** Whether the check runs ({@value #PROPERTY} is not {@code false}). */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());
    }

    /**
     * Throws when {@code estimate} does not fit {@code memory}; warns through {@code warn} when it barely fits.
     *
     * @param mode the generator's memory mode (decides whether switching it is advice)
     * @param onDevice whether the models run on a GPU (the system-memory part is then not checked)
     * @throws InsufficientMemoryException with {@link InsufficientMemoryException#estimated()} true
     */
    public static void requireFits(PeakMemoryEstimate estimate, ProcessMemory memory, MemoryMode mode, boolean onDevice,
                                   Consumer<String> warn) {
        LOG.debug("Memory estimate: {} at {} ({} added at the peak); {}", estimate.breakdown(), estimate.peakStage(),
                formatBytes(estimate.additionalResidentBytes()), memory);
        if (estimate.heapBytes() > memory.maxHeapBytes()) {
            throw new InsufficientMemoryException(Pool.JAVA_HEAP, "This generation needs about "
                    + formatBytes(estimate.heapBytes()) + " of Java heap (audio tokens and waveforms, keypoint features, frames)"
                    + " but the JVM's limit (-Xmx) is " + formatBytes(memory.maxHeapBytes()) + ".",
                    List.of(Remedy.LARGER_HEAP, Remedy.SHORTER_AUDIO), estimate.heapBytes(), memory.maxHeapBytes(), true, null);
        }
        if (estimate.directBytes() > memory.maxDirectBytes()) {
            throw new InsufficientMemoryException(Pool.DIRECT_BUFFERS, "This generation needs about "
                    + formatBytes(estimate.directBytes()) + " of direct buffers (latents, one window's model inputs, reference"
                    + " and keypoint features) but the JVM's limit (-XX:MaxDirectMemorySize, by default -Xmx) is "
                    + formatBytes(memory.maxDirectBytes()) + ".",
                    List.of(Remedy.LARGER_DIRECT_MEMORY, Remedy.SMALLER_SIZE, Remedy.FEWER_CONTEXT_FRAMES, Remedy.SHORTER_AUDIO),
                    estimate.directBytes(), memory.maxDirectBytes(), true, null);
        }
        long available = memory.systemAvailableBytes();
        if (onDevice || available < 0) {
            return;
        }
        long needed = estimate.additionalResidentBytes();
        String what = "about " + formatBytes(needed) + " more memory at its peak (" + estimate.peakStage() + ": "
                + estimate.breakdown() + ")";
        if (needed > available) {
            throw new InsufficientMemoryException(Pool.SYSTEM_MEMORY, "This generation needs " + what + " but "
                    + formatBytes(available) + " is available on this machine.", systemRemedies(estimate, mode), needed,
                    available, true, null);
        }
        if (needed > WARN_SHARE * available) {
            warn.accept("This generation needs " + what + " of the " + formatBytes(available)
                    + " available: the machine may swap, or the system may stop the process.");
        }
    }

    /**
     * Throws when loading the models the memory mode keeps at once does not fit the memory available now
     * (models on the CPU only).
     */
    public static void requireLoadFits(long loadBytes, ProcessMemory memory, MemoryMode mode, boolean onDevice) {
        long available = memory.systemAvailableBytes();
        if (onDevice || available < 0 || loadBytes <= available) {
            return;
        }
        List<Remedy> remedies = new ArrayList<>();
        if (mode == MemoryMode.KEEP_LOADED) {
            remedies.add(Remedy.RELEASE_AFTER_STAGE);
        }
        remedies.add(Remedy.FREE_MEMORY);
        throw new InsufficientMemoryException(Pool.SYSTEM_MEMORY, "Loading the model bundle needs about " + formatBytes(loadBytes)
                + (mode == MemoryMode.KEEP_LOADED ? " (every model kept loaded)" : " (its largest model)") + " but "
                + formatBytes(available) + " is available on this machine.", remedies, loadBytes, available, true, null);
    }

    private static List<Remedy> systemRemedies(PeakMemoryEstimate e, MemoryMode mode) {
        List<Remedy> remedies = new ArrayList<>();
        if (mode == MemoryMode.KEEP_LOADED) {
            remedies.add(Remedy.RELEASE_AFTER_STAGE);
        }
        switch (e.peakStage()) {
            case "denoising" -> {
                remedies.add(Remedy.SMALLER_SIZE);
                remedies.add(Remedy.FEWER_CONTEXT_FRAMES);
            }
            case "audio" -> remedies.add(Remedy.SHORTER_AUDIO);
            default -> remedies.add(Remedy.SMALLER_SIZE);
        }
        remedies.add(Remedy.FREE_MEMORY);
        return remedies;
    }
}
