package io.vexpress;

import java.util.Locale;
import java.util.Objects;

/**
 * Where the models run: {@link #cpu()}, {@link #cuda(int)} or {@link #auto()} (CUDA when ONNX Runtime's
 * GPU build and a GPU are present, else CPU, with a log line saying which). CUDA needs the
 * {@code onnxruntime_gpu} artifact (build with {@code -Pcuda}; see README).
 */
public final class Device {
    /** The kind of device. */
    public enum Kind { CPU, CUDA, AUTO }

    private static final Device CPU = new Device(Kind.CPU, 0);
    private static final Device AUTO = new Device(Kind.AUTO, 0);

    private final Kind kind;
    private final int deviceId;

    private Device(Kind kind, int deviceId) {
        this.kind = kind;
        this.deviceId = deviceId;
    }

    /** Run on the CPU (default). */
    public static Device cpu() {
        return CPU;
    }

    /** Run on CUDA device {@code deviceId} (0 for the first GPU). */
    public static Device cuda(int deviceId) {
        if (deviceId < 0) {
            throw new InvalidInputException("CUDA device id must be >= 0, got " + deviceId + ".");
        }
        return new Device(Kind.CUDA, deviceId);
    }

    /** Use CUDA device 0 when available, otherwise the CPU. */
    public static Device auto() {
        return AUTO;
    }

    /**
     * Parses {@code cpu}, {@code cuda}, {@code cuda:N} and {@code auto} (case-insensitive).
     *
     * @throws InvalidInputException for anything else
     */
    public static Device parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("cpu")) {
            return cpu();
        }
        if (t.equals("auto")) {
            return auto();
        }
        if (t.equals("cuda") || t.equals("gpu")) {
            return cuda(0);
        }
        if (t.startsWith("cuda:")) {
            try {
                return cuda(Integer.parseInt(t.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        throw new InvalidInputException("Unknown device '" + text + "'. Use cpu, cuda, cuda:N or auto.");
    }

    public Kind kind() {
        return kind;
    }

    /** The CUDA device id; 0 for CPU and AUTO. */
    public int deviceId() {
        return deviceId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && d.kind == kind && d.deviceId == deviceId;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, deviceId);
    }

    @Override
    public String toString() {
        return kind == Kind.CUDA ? "cuda:" + deviceId : kind.name().toLowerCase(Locale.ROOT);
    }
}
