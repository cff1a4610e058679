package io.vexpress.core.runtime;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.vexpress.CancellationToken;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cancelling the token must set ONNX Runtime's terminate flag, which stops a model call in flight. */
class RunControlTest {

    @Test
    void cancelSetsTheTerminateFlagOfTheRunOptions() throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        CancellationToken token = new CancellationToken();
        try (OrtSession session = env.createSession(TinyBundle.folder().resolve("vae_decoder.onnx").toString());
             RunControl control = new RunControl(token);
             OnnxTensor latent = OrtTensors.view(OrtTensors.directFloats(4 * 8 * 8), 1, 4, 8, 8)) {
            session.run(Map.of("latent", latent), control.options()).close();
            token.cancel();
            OrtException e = assertThrows(OrtException.class,
                    () -> session.run(Map.of("latent", latent), control.options()).close());
            assertTrue(e.getMessage().toLowerCase().contains("terminate"), e.getMessage());
        }
    }
}
