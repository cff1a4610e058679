package io.vexpress.core.memory;

import io.vexpress.Device;
import io.vexpress.InsufficientMemoryException;
import io.vexpress.InsufficientMemoryException.Pool;
import io.vexpress.InsufficientMemoryException.Remedy;
import io.vexpress.MemoryMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the ways an allocation fails into {@link InsufficientMemoryException}s that say which memory ran out
 * and what to change: the JVM's {@link OutOfMemoryError}s (heap, direct buffers), JavaCPP's (its limits on
 * FFmpeg's native memory) and ONNX Runtime's allocation failures (its arena, {@code std::bad_alloc}, CUDA).
 */
public final class MemoryFailures {
    /** ONNX Runtime's messages for a failed allocation (BFC arena, operator new, CUDA, cuBLAS / cuDNN). */
    private static final Pattern ORT_ALLOCATION = Pattern.compile(
            "Failed to allocate memory|bad_alloc|out of memory|Available memory of \\d+ is smaller than requested"
                    + "|ALLOC_FAILED|cudaErrorMemoryAllocation|CUDNN_STATUS_NOT_ENOUGH_WORKSPACE",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern REQUESTED_SIZE = Pattern.compile("(?:buffer of size|requested bytes of) (\\d+)");
    /** JDK 17: "Cannot reserve N bytes of direct buffer memory (allocated: A, limit: L)"; older: "Direct buffer memory". */
    private static final Pattern DIRECT = Pattern.compile(
            "Cannot reserve (\\d+) bytes of direct buffer memory \\(allocated: (\\d+), limit: (\\d+)\\)");

    private MemoryFailures() {
    }

    /** Whether {@code message} (an {@code OrtException}'s) reports a failed allocation. */
    public static boolean isOnnxRuntimeAllocationFailure(String message) {
        return message != null && ORT_ALLOCATION.matcher(message).find();
    }

    /**
     * The exception for ONNX Runtime failing to allocate while {@code what} (e.g. "running denoising_unet").
     *
     * @param device where the session runs: CPU memory or GPU memory ran out
     */
    public static InsufficientMemoryException fromOnnxRuntime(String what, Exception cause, Device device, MemoryMode mode) {
        String message = String.valueOf(cause.getMessage());
        long requested = -1;
        Matcher m = REQUESTED_SIZE.matcher(message);
        if (m.find()) {
            requested = Long.parseLong(m.group(1));
        }
        boolean gpu = device.kind() == Device.Kind.CUDA;
        List<Remedy> remedies = new ArrayList<>();
        if (mode != MemoryMode.RELEASE_AFTER_STAGE) {
            remedies.add(Remedy.RELEASE_AFTER_STAGE);
        }
        remedies.add(Remedy.SMALLER_SIZE);
        remedies.add(Remedy.FEWER_CONTEXT_FRAMES);
        remedies.add(gpu ? Remedy.HALF_PRECISION : Remedy.FREE_MEMORY);
        String problem = "ONNX Runtime could not allocate " + (gpu ? "GPU" : "system") + " memory"
                + (requested >= 0 ? " (" + InsufficientMemoryException.formatBytes(requested) + " requested)" : "")
                + " while " + what + " on " + device + ": " + shorten(message) + ".";
        return new InsufficientMemoryException(gpu ? Pool.GPU_MEMORY : Pool.SYSTEM_MEMORY, problem, remedies, requested, -1,
                false, cause);
    }

    /** The exception for a JVM or JavaCPP {@link OutOfMemoryError}. */
    public static InsufficientMemoryException fromError(OutOfMemoryError error) {
        String message = error.getMessage() == null ? "" : error.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("direct buffer memory")) {
            Matcher m = DIRECT.matcher(message);
            long required = -1;
            long limit = ProcessMemory.directLimitBytes();
            if (m.find()) {
                required = Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
                limit = Long.parseLong(m.group(3));
            }
            String problem = "The direct buffers that hold the latents and the models' inputs need more than the JVM allows"
                    + " (-XX:MaxDirectMemorySize is " + InsufficientMemoryException.formatBytes(limit) + "; " + message + ").";
            return new InsufficientMemoryException(Pool.DIRECT_BUFFERS, problem,
                    List.of(Remedy.LARGER_DIRECT_MEMORY, Remedy.SMALLER_SIZE, Remedy.SHORTER_AUDIO), required, limit, false, error);
        }
        if (lower.contains("physicalbytes") || lower.contains("maxbytes")) {
            String problem = "JavaCPP refused FFmpeg a native allocation (" + message + "); its limits default to multiples"
                    + " of the Java heap limit and count memory that ONNX Runtime holds.";
            return new InsufficientMemoryException(Pool.JAVACPP, problem, List.of(Remedy.JAVACPP_LIMITS, Remedy.LARGER_HEAP),
                    -1, -1, false, error);
        }
        String problem = "The Java heap is full (" + (message.isEmpty() ? "OutOfMemoryError" : message) + "; -Xmx is "
                + InsufficientMemoryException.formatBytes(Runtime.getRuntime().maxMemory()) + ").";
        return new InsufficientMemoryException(Pool.JAVA_HEAP, problem, List.of(Remedy.LARGER_HEAP, Remedy.SHORTER_AUDIO), -1,
                Runtime.getRuntime().maxMemory(), false, error);
    }

    /**
     * The out-of-memory condition in {@code failure} or its causes, as an {@link InsufficientMemoryException}:
     * the exception itself when it is one, a converted {@link OutOfMemoryError}, or empty when memory is not
     * what failed.
     */
    public static Optional<InsufficientMemoryException> find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InsufficientMemoryException e) {
                return Optional.of(e);
            }
            if (t instanceof OutOfMemoryError e) {
                return Optional.of(fromError(e));
            }
        }
        return Optional.empty();
    }

    private static String shorten(String message) {
        // ONNX Runtime's messages carry a source path and a C++ signature before the reason
        String s = message.replaceAll("\\s+", " ").trim();
        int status = s.indexOf("Status Message:");
        if (status >= 0) {
            s = s.substring(status + "Status Message:".length()).trim();
        }
        s = s.replaceAll("/onnxruntime_src/\\S+ \\S.*?\\) ", "");
        return s.length() > 240 ? s.substring(0, 240) + "..." : s;
    }
}
