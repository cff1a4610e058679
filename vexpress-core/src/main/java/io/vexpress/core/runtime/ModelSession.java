package io.vexpress.core.runtime;

import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vexpress.GenerationCancelledException;
import io.vexpress.ModelBundleException;
import java.nio.file.Path;
import java.util.Map;

/** One open ONNX Runtime session of a bundle component. Not for concurrent use; close it. */
public final class ModelSession implements AutoCloseable {
    private final ModelComponent component;
    private final Path file;
    private final OrtSession session;
    private final ModelSignature signature;

    private ModelSession(ModelComponent component, Path file, OrtSession session, ModelSignature signature) {
        this.component = component;
        this.file = file;
        this.session = session;
        this.signature = signature;
    }

    /**
     * Opens {@code file}.
     *
     * @throws ModelBundleException when ONNX Runtime cannot load it
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
                return new ModelSession(component, file, session, sig);
            } catch (OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
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
     * @throws ModelBundleException when the model fails
     */
    public OrtSession.Result run(Map<String, ? extends OnnxTensorLike> inputs, RunControl control) {
        control.token().throwIfCancelled();
        try {
            return session.run(inputs, control.options());
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
        control.token().throwIfCancelled();
        try {
            // pinned outputs are filled in place; the result only holds references to them
            session.run(inputs, java.util.Set.of(), pinnedOutputs, control.options()).close();
        } catch (OrtException e) {
            throw failure(e, control);
        }
    }

    private RuntimeException failure(OrtException e, RunControl control) {
        if (control.token().isCancelled() || Thread.currentThread().isInterrupted()) {
            return new GenerationCancelledException("Generation cancelled while " + component.manifestName() + " was running.");
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
