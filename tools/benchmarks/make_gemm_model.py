#!/usr/bin/python3
"""The large-GEMM baseline of the real-size benchmark: one ONNX MatMul of two dynamic float32 inputs.

`a` [M, K] x `b` [K, N] -> `y` [M, N]; RealSizeWindow times it at M = N = K = 2048 and 4096 (17.2 and 137.4 GFLOP a run) with the
engine's session options, so the UNet's GFLOP/s can be read against what ONNX Runtime's own MatMul reaches on
the same machine in the same run.

Rerun from the repository root with Debian's python3-onnx (1.12):
    /usr/bin/python3 tools/benchmarks/make_gemm_model.py

Writes vexpress-benchmarks/src/main/resources/realsize/gemm.onnx (opset 17).
"""
import os

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "vexpress-benchmarks", "src", "main",
                   "resources", "realsize", "gemm.onnx")


def main():
    graph = helper.make_graph([helper.make_node("MatMul", ["a", "b"], ["y"])], "gemm",
                              [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["M", "K"]),
                               helper.make_tensor_value_info("b", TensorProto.FLOAT, ["K", "N"])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["M", "N"])])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="vexpress-tools")
    model.ir_version = 8
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    onnx.save(model, OUT)
    print("wrote", os.path.normpath(OUT), "onnx", onnx.__version__)


if __name__ == "__main__":
    main()
