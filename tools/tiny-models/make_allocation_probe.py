#!/usr/bin/python3
"""The allocation probe: an ONNX model whose one run allocates exactly as much as its input asks for.

Input `count` (int64, shape [1]) -> ConstantOfShape(1.0f) -> ReduceSum(keepdims=0) -> output `total` (float32
scalar, = count). A run allocates one float32 tensor of `count` elements inside ONNX Runtime and returns a
scalar, so a test can watch what ONNX Runtime does with that memory when the run ends (keep it in an arena,
shrink the arena, give it back to the system), and ask for more than any machine has (2^40 floats = 4 TB) to
provoke a real ONNX Runtime allocation failure. The count is dynamic, so nothing is constant-folded.

Rerun from the repository root with Debian's python3-onnx (1.12; no torch needed):
    /usr/bin/python3 tools/tiny-models/make_allocation_probe.py

Writes vexpress-core/src/test/resources/memory/allocation_probe.onnx (opset 17).
"""
import os

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "vexpress-core", "src", "test", "resources",
                   "memory", "allocation_probe.onnx")


def main():
    ones = helper.make_node("ConstantOfShape", ["count"], ["ones"],
                            value=helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0]))
    total = helper.make_node("ReduceSum", ["ones"], ["total"], keepdims=0)
    graph = helper.make_graph([ones, total], "allocation_probe",
                              [helper.make_tensor_value_info("count", TensorProto.INT64, [1])],
                              [helper.make_tensor_value_info("total", TensorProto.FLOAT, [])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="vexpress-tools")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    onnx.save(model, OUT)
    print("wrote", os.path.normpath(OUT), "onnx", onnx.__version__)


if __name__ == "__main__":
    main()
