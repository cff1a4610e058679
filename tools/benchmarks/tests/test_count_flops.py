"""count_flops.py on small graphs whose operation counts are known by hand, and on a graph traced by torch.onnx
(shape arithmetic: Shape/Gather/Div/Concat into Reshape) checked against torch's own output shape.

    source /work/vxenv/env.sh && /usr/bin/python3 -m unittest discover -s tools/benchmarks/tests -t tools/benchmarks
"""
import io
import os
import sys
import unittest

import onnx
from onnx import TensorProto, helper

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import count_flops  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def model(nodes, inputs, outputs, initializers=(), ms_domain=False):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(initializers))
    opsets = [helper.make_opsetid("", 17)] + ([helper.make_opsetid("com.microsoft", 1)] if ms_domain else [])
    return helper.make_model(graph, opset_imports=opsets)


def weight(name, dims):
    return helper.make_tensor(name, TensorProto.FLOAT, dims, [0.0] * int(__import__("numpy").prod(dims)))


def dyn(name, rank):
    return helper.make_tensor_value_info(name, TensorProto.FLOAT, [f"d{i}" for i in range(rank)])


class CountFlopsTest(unittest.TestCase):
    def test_conv_matmul_gemm_and_attention_counts(self):
        nodes = [
            helper.make_node("Conv", ["x", "w", "b"], ["c"], pads=[1, 1, 1, 1]),                 # 3x3, 8 -> 16
            helper.make_node("Reshape", ["c", "shape"], ["r"]),                                  # [2, 16, 100]
            helper.make_node("Transpose", ["r"], ["t"], perm=[0, 2, 1]),                         # [2, 100, 16]
            helper.make_node("MatMul", ["t", "m"], ["q"]),                                       # 16 -> 32
            helper.make_node("MultiHeadAttention", ["q", "k", "k"], ["a"], domain="com.microsoft", num_heads=4),
            helper.make_node("Gemm", ["g", "gw"], ["y"], transB=1),                              # [3, 5] x [7, 5]^T
        ]
        inits = [weight("w", [16, 8, 3, 3]), weight("b", [16]), weight("m", [16, 32]), weight("gw", [7, 5]),
                 helper.make_tensor("shape", TensorProto.INT64, [3], [2, 16, -1])]
        m = model(nodes, [dyn("x", 4), dyn("k", 3), dyn("g", 2)], [dyn("a", 3), dyn("y", 2)], inits, True)
        g = count_flops.propagate(m, {"x": [2, 8, 10, 10], "k": [2, 7, 32], "g": [3, 5]})
        self.assertEqual(g.shape["a"], (2, 100, 32))
        self.assertEqual(g.shape["y"], (3, 7))
        self.assertEqual(g.flops["Conv"], 2 * (2 * 16 * 10 * 10) * (8 * 3 * 3))
        self.assertEqual(g.flops["MatMul"], 2 * 2 * 100 * 16 * 32)
        # scores and the weighted sum: 4 x batch x heads x Sq x Sk x head size = 4 x B x Sq x Sk x D
        self.assertEqual(g.flops["MultiHeadAttention"], 4 * 2 * 100 * 7 * 32)
        self.assertEqual(g.flops["Gemm"], 2 * 3 * 5 * 7)

    def test_traced_shape_arithmetic_resolves_to_torch_shapes(self):
        import torch

        class Block(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.conv = torch.nn.Conv2d(4, 8, 3, stride=2, padding=1)
                self.proj = torch.nn.Linear(8, 12)

            def forward(self, x):  # [b, c, f, h, w] -> frames into the batch, tokens, a projection, back
                b, c, f, h, w = x.shape
                y = self.conv(x.permute(0, 2, 1, 3, 4).reshape(b * f, c, h, w))
                n, ch, hh, ww = y.shape
                t = self.proj(y.reshape(n, ch, hh * ww).transpose(1, 2))
                return t.reshape(b, f, hh, ww, 12).permute(0, 4, 1, 2, 3)

        buf = io.BytesIO()
        torch.onnx.export(Block(), torch.randn(1, 4, 2, 8, 6), buf, input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "b", 2: "f", 3: "h", 4: "w"}}, opset_version=17)
        m = onnx.load_from_string(buf.getvalue())
        x = torch.randn(2, 4, 3, 20, 14)
        g = count_flops.propagate(m, {"x": list(x.shape)})
        self.assertEqual(g.shape["y"], tuple(Block()(x).shape))
        self.assertEqual(g.flops["Conv"], 2 * (6 * 8 * 10 * 7) * (4 * 9))
        self.assertEqual(g.flops["MatMul"] + g.flops["Gemm"], 2 * 6 * 70 * 8 * 12)

    def test_the_committed_vexpress_architecture_bundle_resolves_every_shape(self):
        # V-Express's own UNets at widths 32, exported by tools/export (MultiHeadAttention, format 2)
        unet = os.path.join(ROOT, "vexpress-core", "src", "test", "resources", "vexpress-arch-bundle", "denoising_unet.onnx")
        model, inputs, _ = count_flops.window_inputs(unet, 96, 3)
        g = count_flops.propagate(model, dict(inputs))
        self.assertEqual(dict(g.unknown), {})
        self.assertEqual(g.shape["noise_pred"], (2, 4, 3, 12, 12))
        self.assertGreater(g.flops["MultiHeadAttention"], 0)
        self.assertGreater(g.flops["Conv"], 0)


if __name__ == "__main__":
    unittest.main()
