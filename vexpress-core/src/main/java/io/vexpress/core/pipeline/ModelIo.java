package io.vexpress.core.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtSession;
import io.vexpress.ModelBundleException;
import java.nio.FloatBuffer;

/** Reading ONNX Runtime results into our buffers. */
final class ModelIo {
    private ModelIo() {
    }

    /** The float output {@code name} of {@code result}, as a buffer valid until the result is closed. */
    static FloatBuffer floats(OrtSession.Result result, String name) {
        OnnxValue v = result.get(name).orElseThrow(() -> new ModelBundleException("The model returned no output '" + name + "'."));
        if (!(v instanceof OnnxTensor t)) {
            throw new ModelBundleException("Output '" + name + "' is not a tensor.");
        }
        return t.getFloatBuffer();
    }

    /** The shape of output {@code name}. */
    static long[] shape(OrtSession.Result result, String name) {
        OnnxValue v = result.get(name).orElseThrow(() -> new ModelBundleException("The model returned no output '" + name + "'."));
        try {
            return ((OnnxTensor) v).getInfo().getShape();
        } catch (RuntimeException e) {
            throw new ModelBundleException("Output '" + name + "' has no readable shape: " + e.getMessage(), e);
        }
    }

    /** Checks a produced size against what the engine expects, naming the model. */
    static void expect(String model, String output, long[] shape, int axis, long expected) {
        if (shape.length <= axis || shape[axis] != expected) {
            throw new ModelBundleException(model + " returned '" + output + "' of shape " + java.util.Arrays.toString(shape)
                    + " but dimension " + axis + " should be " + expected + " for this input (docs/model-bundle.md).");
        }
    }

    static void close(OnnxTensor... tensors) {
        for (OnnxTensor t : tensors) {
            if (t != null) {
                t.close();
            }
        }
    }

}
