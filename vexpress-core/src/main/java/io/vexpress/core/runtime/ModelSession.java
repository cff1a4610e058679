package io.vexpress.core.runtime;

import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vexpress.Device;
import io.vexpress.GenerationCancelledException;
import io.vexpress.InsufficientMemoryException;
import io.vexpress.MemoryMode;
import io.vexpress.ModelBundleException;
import io.vexpress.core.memory.MemoryFailures;
import java.nio.file.Path;
import java.util.Map;

/** One open ONNX Runtime session of a bundle component. Not for concurrent use; close it. */
public final class ModelSession implements AutoCloseable {
    private final ModelComponent component;
    private final Path file;
    private final OrtSession session;
    private final ModelSignature signature;
    private final Device device;
    private final MemoryMode memoryMode;

    private ModelSession(ModelComponent component, Path file, OrtSession session, ModelSignature signature,
                         ExecutionSettings settings) {
        this.component = component;
        this.file = file;
        this.session = session;
        this.signature = signature;
        this.device = settings.device();
        this.memoryMode = settings.memoryMode();
    }

    /**
     * Opens {@code file}.
     *
     * @throws ModelBundleException when ONNX Runtime cannot load it
     * @throws InsufficientMemoryException when ONNX Runtime could not allocate the memory for its weights
     */
    public static ModelSession open(ModelComponent component, Path file, ExecutionSettings settings) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = settings.newOptions()) {
            if (component == ModelComponent.VAE_DECODER) {
                // it decodes while the post-filter and the encoder run on other threads: idle intra-op threads
                // that spin take their processors (OutputPipelineBenchmark: 21 instead of 29 ms per frame on 2 cores)
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            OrtSession session = env.createSession(file.toString(), options);
            try {
                ModelSignature sig = new ModelSignature(component, file.getFileName().toString(),
                        PortInfo.of(session.getInputInfo()), PortInfo.of(session.getOutputInfo()));
                return new ModelSession(component, file, session, sig, settings);
            } catch (OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            if (MemoryFailures.isOnnxRuntimeAllocationFailure(e.getMessage())) {
                throw MemoryFailures.fromOnnxRuntime("loading " + component.manifestName(), e, settings.device(),
                        settings.memoryMode());
            }
            throw new ModelBundleException("ONNX Runtime could not load " + component.manifestName() + " from " + file
                    + " on " + settings.device() + ": " + e.getMessage(), e);
        }
    }

    public ModelComponent component() {
        return component;
    }

    public ModelSignature signature() {
        return signature;
    }

    /**
     * Runs the model; the caller closes the result.
     *
     * @throws GenerationCancelledException when {@code control}'s token was cancelled (the run stops early)
     * @throws InsufficientMemoryException when ONNX Runtime could not allocate the run's memory
     * @throws ModelBundleException when the model fails otherwise
     */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> inputs, RunControl control) {
        return run(inputs, control, AfterRun.KEEP_ARENA);
    }

    /** {@link #run(Map, RunControl)}, shrinking the arenas afterwards when {@code after} says so. */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> inputs, RunControl control, AfterRun after) {
        control.token().throwIfCancelled();
        try {
            return session.run(inputs, control.options(after));
        } catch (OrtException e) {
            throw failure(e, control);
        }
    }

    /**
     * Runs the model writing its outputs into {@code pinnedOutputs} (tensors over caller-owned buffers), so
     * nothing is allocated for the outputs.
     */
    public void runInto(Map<String, ? extends OnnxTensorLike> inputs, Map<String, ? extends OnnxValue> pinnedOutputs,
                        RunControl control) {
        runInto(inputs, pinnedOutputs, control, AfterRun.KEEP_ARENA);
    }

    /** {@link #runInto(Map, Map, RunControl)}, shrinking the arenas afterwards when {@code after} says so. */
    public void runInto(Map<String, ? extends OnnxTensorLike> inputs, Map<String, ? extends OnnxValue> pinnedOutputs,
                        RunControl control, AfterRun after) {
        control.token().throwIfCancelled();
        try {
            // pinned outputs are filled in place; the result only holds references to them
            session.run(inputs, java.util.Set.of(), pinnedOutputs, control.options(after)).close();
        } catch (OrtException e) {
            throw failure(e, control);
        }
    }

    private RuntimeException failure(OrtException e, RunControl control) {
        if (control.token().isCancelled() || Thread.currentThread().isInterrupted()) {
            return new GenerationCancelledException("Generation cancelled while " + component.manifestName() + " was running.");
        }
        if (MemoryFailures.isOnnxRuntimeAllocationFailure(e.getMessage())) {
            return MemoryFailures.fromOnnxRuntime("running " + component.manifestName(), e, device, memoryMode);
        }
        return new ModelBundleException("Running " + component.manifestName() + " (" + file.getFileName() + ") failed: "
                + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelBundleException("Closing " + file + " failed: " + e.getMessage(), e);
        }
    }
}
