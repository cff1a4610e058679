package io.vexpress.core.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vexpress.CancellationToken;
import io.vexpress.ModelBundleException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX Runtime run options of one generation, tied to its {@link CancellationToken}: cancelling sets
 * ONNX Runtime's terminate flag, so a long model call (the UNet) stops promptly instead of finishing.
 * Close it when the generation ends.
 */
public final class RunControl implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);
    private final OrtSession.RunOptions options;
    private final CancellationToken token;
    private final AutoCloseable registration;

    /** Creates run options and registers the terminate action with {@code token}. */
    public RunControl(CancellationToken token) {
        this.token = token;
        try {
            options = new OrtSession.RunOptions();
        } catch (OrtException e) {
            throw new ModelBundleException("ONNX Runtime could not create run options: " + e.getMessage(), e);
        }
        registration = token.onCancel(this::terminate);
    }

    private void terminate() {
        try {
            options.setTerminate(true);
        } catch (OrtException e) {
            LOG.warn("Could not ask ONNX Runtime to stop the running model: {}", e.getMessage());
        }
    }

    /** The token this generation checks. */
    public CancellationToken token() {
        return token;
    }

    OrtSession.RunOptions options() {
        return options;
    }

    @Override
    public void close() {
        try {
            registration.close();
        } catch (Exception e) {
            LOG.debug("unregistering the cancel action failed", e);
        }
        options.close();
    }
}
