package io.vexpress.core.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One declared input or output of a model: name, element type and shape, with -1 for a dynamic
 * (symbolic) axis.
 *
 * @param name the input/output name
 * @param type the element type, or {@code null} when it is not a tensor
 * @param shape the declared shape
 */
public record PortInfo(String name, OnnxJavaType type, long[] shape) {

    /** Copies the shape. */
    public PortInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The declared shape as text, e.g. {@code [-1, 4, -1, 64, 64]}. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    /** From ONNX Runtime's node infos, in declaration order. */
    static Map<String, PortInfo> of(Map<String, NodeInfo> infos) {
        Map<String, PortInfo> out = new LinkedHashMap<>();
        for (NodeInfo n : infos.values()) {
            ValueInfo v = n.getInfo();
            if (v instanceof TensorInfo t) {
                out.put(n.getName(), new PortInfo(n.getName(), t.type, t.getShape()));
            } else {
                out.put(n.getName(), new PortInfo(n.getName(), null, new long[0]));
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortInfo p && p.name.equals(name) && p.type == type && Arrays.equals(p.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ":" + type + shapeText();
    }
}
