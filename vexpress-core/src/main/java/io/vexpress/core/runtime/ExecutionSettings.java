package io.vexpress.core.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vexpress.Device;
import io.vexpress.GeneratorConfig;
import io.vexpress.InvalidInputException;
import io.vexpress.MemoryMode;
import io.vexpress.Setting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How sessions are created: the device actually used (after resolving {@link Device#auto()}), intra-op
 * threads, graph optimisation, the memory mode and ONNX Runtime's memory arenas.
 *
 * <p>The CPU arena is off by default. Measured with ONNX Runtime 1.23.2 (docs/pipeline.md, "Native memory
 * between stages"): with the arena, the memory of a model's largest run stays reserved until its session is
 * closed, and from the second run on the arena holds about twice that peak (the memory pattern's block is
 * allocated beside the first run's chunks); without it, every run gives its activations back to the operating
 * system when it ends, peaks no higher, and costs no measurable time for the engine's large tensors. Device
 * arenas (CUDA) stay on, because device allocations are slow; {@link #arenaShrinkage()} names the arenas that
 * the last run of a stage asks ONNX Runtime to shrink.
 *
 * <p>System properties for the rarer knobs: {@code vexpress.ort.cpuArena} (default false),
 * {@code vexpress.ort.tensorrt} (default false: also register TensorRT before CUDA).
 */
public final class ExecutionSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionSettings.class);
    static final String CUDA_HELP = "Build with the GPU artifact (mvn -Pcuda, which swaps in com.microsoft.onnxruntime:onnxruntime_gpu) "
            + "and install CUDA 12 and cuDNN 9 as ONNX Runtime's documentation requires, or use {DEVICE:cpu} or {DEVICE:auto}.";

    private final Device device;
    private final int intraOpThreads;
    private final boolean cpuArena;
    private final boolean tensorRt;
    private final MemoryMode memoryMode;

    private ExecutionSettings(Device device, int intraOpThreads, boolean cpuArena, boolean tensorRt, MemoryMode memoryMode) {
        this.device = device;
        this.intraOpThreads = intraOpThreads;
        this.cpuArena = cpuArena;
        this.tensorRt = tensorRt;
        this.memoryMode = memoryMode;
    }

    /**
     * Resolves the configured device: CPU as is; CUDA only if ONNX Runtime's CUDA provider loads (else a
     * clear {@link InvalidInputException}); AUTO becomes CUDA device 0 when it loads, else CPU, with a log line.
     */
    public static ExecutionSettings resolve(GeneratorConfig config) {
        boolean arena = Boolean.getBoolean("vexpress.ort.cpuArena");
        boolean trt = Boolean.getBoolean("vexpress.ort.tensorrt");
        Device requested = config.device();
        Device used = switch (requested.kind()) {
            case CPU -> Device.cpu();
            case CUDA -> {
                String problem = probeCuda(requested.deviceId());
                if (problem != null) {
                    throw new InvalidInputException(Setting.DEVICE, "Device " + requested + " was requested but ONNX Runtime's CUDA execution provider is not available ("
                            + problem + "). " + CUDA_HELP);
                }
                LOG.info("Running the models on CUDA device {}.", requested.deviceId());
                yield requested;
            }
            case AUTO -> {
                String problem = probeCuda(0);
                if (problem == null) {
                    LOG.info("Device auto: ONNX Runtime's CUDA provider is available, running the models on CUDA device 0.");
                    yield Device.cuda(0);
                }
                LOG.info("Device auto: CUDA is not available ({}), running the models on the CPU.", problem);
                yield Device.cpu();
            }
        };
        return new ExecutionSettings(used, config.intraOpThreads(), arena, trt, config.memoryMode());
    }

    /** Null when the CUDA provider can be registered, else why not. */
    private static String probeCuda(int deviceId) {
        OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
            probe.addCUDA(deviceId);
            return null;
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            String msg = String.valueOf(e.getMessage());
            return msg.length() > 300 ? msg.substring(0, 300) + "..." : msg;
        }
    }

    /** The device the sessions run on (never AUTO). */
    public Device device() {
        return device;
    }

    /** When sessions are opened and closed. */
    public MemoryMode memoryMode() {
        return memoryMode;
    }

    /**
     * The value of ONNX Runtime's run option {@code memory.enable_memory_arena_shrinkage} for the last run of a
     * stage: the arenas the sessions use ({@code "gpu:N"} on CUDA, {@code "cpu:0"} when the CPU arena is on), or
     * null when no arena holds memory between runs.
     */
    public String arenaShrinkage() {
        String cpu = cpuArena ? "cpu:0" : null;
        String gpu = device.kind() == Device.Kind.CUDA ? "gpu:" + device.deviceId() : null;
        if (cpu != null && gpu != null) {
            return cpu + ";" + gpu;
        }
        return cpu != null ? cpu : gpu;
    }

    /** New session options; the caller closes them. */
    OrtSession.SessionOptions newOptions() throws OrtException {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        try {
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (intraOpThreads > 0) {
                o.setIntraOpNumThreads(intraOpThreads);
            }
            o.setInterOpNumThreads(1);
            o.setCPUArenaAllocator(cpuArena);
            if (device.kind() == Device.Kind.CUDA) {
                if (tensorRt) {
                    o.addTensorrt(device.deviceId());
                }
                o.addCUDA(device.deviceId());
            }
            return o;
        } catch (OrtException | RuntimeException e) {
            o.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "ExecutionSettings[" + device + ", intraOpThreads=" + intraOpThreads + ", cpuArena=" + cpuArena + ", " + memoryMode + "]";
    }
}
