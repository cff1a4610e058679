package io.vexpress.core.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import io.vexpress.ModelBundleException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/**
 * Creates ONNX Runtime tensors over direct native-order buffers, so ONNX Runtime reads (and, for pinned
 * outputs, writes) the caller's memory without copies. Callers close the tensors.
 */
public final class OrtTensors {
    private OrtTensors() {
    }

    /** A tensor viewing {@code data} (direct, native order) with {@code shape}. */
    public static OnnxTensor view(FloatBuffer data, long... shape) {
        if (!data.isDirect()) {
            throw new IllegalArgumentException("ONNX Runtime tensors must view direct buffers to avoid copies");
        }
        try {
            return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), data, shape);
        } catch (OrtException e) {
            throw new ModelBundleException("ONNX Runtime could not create a tensor: " + e.getMessage(), e);
        }
    }

    /** A uint8 tensor viewing {@code data} (direct) with {@code shape}. */
    public static OnnxTensor viewBytes(ByteBuffer data, long... shape) {
        if (!data.isDirect()) {
            throw new IllegalArgumentException("ONNX Runtime tensors must view direct buffers to avoid copies");
        }
        try {
            return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), data, shape, OnnxJavaType.UINT8);
        } catch (OrtException e) {
            throw new ModelBundleException("ONNX Runtime could not create a tensor: " + e.getMessage(), e);
        }
    }

    /**
     * An int64 tensor viewing the one value of {@code value} (direct, native order): rank 0 when
     * {@code rank == 0}, else shape {@code [1]}. Writing the buffer changes what the next run reads.
     */
    public static OnnxTensor viewScalar(LongBuffer value, int rank) {
        try {
            return OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), value, rank == 0 ? new long[0] : new long[] {1});
        } catch (OrtException e) {
            throw new ModelBundleException("ONNX Runtime could not create a tensor: " + e.getMessage(), e);
        }
    }

    /** An int64 tensor holding {@code value}: rank 0 when {@code rank == 0}, else shape {@code [1]}. */
    public static OnnxTensor scalarLong(long value, int rank) {
        LongBuffer b = directLongs(1);
        b.put(0, value);
        return viewScalar(b, rank);
    }

    /** A fresh direct native-order long buffer of {@code n} zeros. */
    public static LongBuffer directLongs(int n) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, Long.BYTES)).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    /** A fresh direct native-order float buffer of {@code n} zeros. */
    public static FloatBuffer directFloats(int n) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, Float.BYTES)).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
}
