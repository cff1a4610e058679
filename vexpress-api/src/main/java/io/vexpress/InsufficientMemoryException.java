package io.vexpress;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * A generation (or loading the models) needs more memory than the process may use: the Java heap, the
 * direct buffers that hold latents and model inputs, JavaCPP's native-memory limits (FFmpeg), the machine's
 * memory (ONNX Runtime's weights and activations on the CPU) or the GPU's memory.
 *
 * <p>It is thrown in two situations, told apart by {@link #estimated()}:
 * <ul>
 *   <li>before any heavy work, when the engine's estimate of the generation's peak memory does not fit what is
 *       available (docs/pipeline.md, "Memory"): nothing was loaded or written;
 *   <li>when an allocation actually failed (an {@link OutOfMemoryError} of the JVM or JavaCPP, or an
 *       allocation failure inside ONNX Runtime): the generation stopped and, as for every failure, no partial
 *       output is left behind; the original error is the {@linkplain #getCause() cause}.
 * </ul>
 *
 * <p>{@link #getMessage()} says what did not fit and what to change in terms of this API's methods and the
 * JVM's options. Programs that present their own options (a command-line tool, a server) can phrase the
 * advice themselves from {@link #problem()} and {@link #remedies()}.
 */
public class InsufficientMemoryException extends VExpressException {
    private static final long serialVersionUID = 1L;

    /** Which memory ran out. */
    public enum Pool {
        /** The Java heap, limited by {@code -Xmx}. */
        JAVA_HEAP,
        /** Direct {@code ByteBuffer}s (latents, model inputs and outputs), limited by {@code -XX:MaxDirectMemorySize}. */
        DIRECT_BUFFERS,
        /**
         * Native memory allocated through JavaCPP (FFmpeg's frames and codecs), limited by the system properties
         * {@code org.bytedeco.javacpp.maxBytes} and {@code org.bytedeco.javacpp.maxPhysicalBytes}.
         */
        JAVACPP,
        /** The machine's memory: ONNX Runtime's weights and activations on the CPU, and everything above. */
        SYSTEM_MEMORY,
        /** The GPU's memory (ONNX Runtime on CUDA). */
        GPU_MEMORY
    }

    /** A change that lowers the memory a generation needs or raises what it may use, most effective first. */
    public enum Remedy {
        /** Open each model only for its stage ({@code MemoryMode.RELEASE_AFTER_STAGE}). */
        RELEASE_AFTER_STAGE("optMemoryMode(MemoryMode.RELEASE_AFTER_STAGE) on the generator builder (one model loaded at a time)"),
        /** A smaller output size: the denoising activations grow with width x height. */
        SMALLER_SIZE("a smaller optWidth/optHeight"),
        /** Fewer frames per context window: the denoising activations grow with the window length. */
        FEWER_CONTEXT_FRAMES("fewer optContextFrames"),
        /** Shorter audio: the latents and the audio encoder grow with the video's length. */
        SHORTER_AUDIO("shorter audio"),
        /** A larger Java heap. */
        LARGER_HEAP("a larger Java heap (JVM option -Xmx)"),
        /** A larger direct-buffer limit. */
        LARGER_DIRECT_MEMORY("a larger JVM option -XX:MaxDirectMemorySize"),
        /** Raise JavaCPP's limits, which default to multiples of {@code -Xmx}. */
        JAVACPP_LIMITS("raising JavaCPP's limits (-Dorg.bytedeco.javacpp.maxPhysicalBytes=0 turns its resident-memory check off,"
                + " -Dorg.bytedeco.javacpp.maxBytes raises its allocation limit)"),
        /** Half-precision weights (GPU). */
        HALF_PRECISION("optPrecision(Precision.FP16) with a bundle exported with fp16 weights"),
        /** Free memory taken by other programs. */
        FREE_MEMORY("closing other programs that use memory");

        private final String sdkAdvice;

        Remedy(String sdkAdvice) {
            this.sdkAdvice = sdkAdvice;
        }

        /** The remedy in terms of this API's methods and the JVM's options. */
        public String sdkAdvice() {
            return sdkAdvice;
        }
    }

    private final Pool pool;
    private final String problem;
    private final List<Remedy> remedies;
    private final long requiredBytes;
    private final long availableBytes;
    private final boolean estimated;

    /**
     * @param pool the memory that ran out
     * @param problem what did not fit, in words that name no API or command-line option (a sentence)
     * @param remedies what to change, most effective first
     * @param requiredBytes bytes needed, or -1 when unknown
     * @param availableBytes bytes that were available, or -1 when unknown
     * @param estimated true when found by the estimate before any heavy work, false when an allocation failed
     * @param cause the allocation failure, or null for an estimate
     */
    public InsufficientMemoryException(Pool pool, String problem, List<Remedy> remedies, long requiredBytes, long availableBytes,
                                       boolean estimated, Throwable cause) {
        super(problem + " " + advice(remedies), cause);
        this.pool = pool;
        this.problem = problem;
        this.remedies = List.copyOf(remedies);
        this.requiredBytes = requiredBytes;
        this.availableBytes = availableBytes;
        this.estimated = estimated;
    }

    private static String advice(List<Remedy> remedies) {
        if (remedies.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("Try ");
        for (int i = 0; i < remedies.size(); i++) {
            if (i > 0) {
                b.append(i == remedies.size() - 1 ? ", or " : ", ");
            }
            b.append(remedies.get(i).sdkAdvice());
        }
        return b.append('.').toString();
    }

    /** The memory that ran out. */
    public Pool pool() {
        return pool;
    }

    /** What did not fit, without advice (the message is this sentence followed by the advice). */
    public String problem() {
        return problem;
    }

    /** What to change, most effective first. */
    public List<Remedy> remedies() {
        return remedies;
    }

    /** The bytes needed (the estimate, or the failed allocation's size), if known. */
    public OptionalLong requiredBytes() {
        return requiredBytes < 0 ? OptionalLong.empty() : OptionalLong.of(requiredBytes);
    }

    /** The bytes that were available, if known. */
    public OptionalLong availableBytes() {
        return availableBytes < 0 ? OptionalLong.empty() : OptionalLong.of(availableBytes);
    }

    /** True when the estimate found the shortage before any heavy work; false when an allocation failed. */
    public boolean estimated() {
        return estimated;
    }

    /** Bytes as people read them: "812 MB", "14.2 GB" (powers of 1024, one decimal above a gigabyte). */
    public static String formatBytes(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return (bytes >> 20) + " MB";
        }
        return Math.max(0, bytes >> 10) + " KB";
    }
}
