"""The memory-efficient attention of the export (vexpress_export/attention.py).

Without diffusers: the attention math against a per-head reference, the ONNX graph (one
com.microsoft.MultiHeadAttention node per attention, dynamic axes kept, no Softmax), and the frame fold of
the reference attention. With diffusers importable (V-Express's environment, see tools/export/README.md):
the processor against diffusers' own AttnProcessor on real ``Attention`` modules, including the VAE-style
4-d variant. ONNX Runtime runs the graphs in vexpress-core's tests (AttentionMemoryTest and the committed
V-Express-architecture bundle's verification cases).
"""
import importlib.util
import os
import sys
import tempfile
import unittest

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from vexpress_export import attention  # noqa: E402
from vexpress_export.onnx_export import declared_io, export_onnx  # noqa: E402

HAVE_DIFFUSERS = importlib.util.find_spec("diffusers") is not None


def per_head_reference(q, k, v, heads, scale):
    """softmax(Q_h K_h^T * scale) V_h for each head h, concatenated: written independently of attention_math."""
    outs = []
    d = q.shape[-1] // heads
    dv = v.shape[-1] // heads
    for h in range(heads):
        qh, kh, vh = q[..., h * d:(h + 1) * d], k[..., h * d:(h + 1) * d], v[..., h * dv:(h + 1) * dv]
        w = torch.einsum("bqd,bkd->bqk", qh, kh) * scale
        outs.append(torch.einsum("bqk,bkd->bqd", torch.softmax(w, dim=-1), vh))
    return torch.cat(outs, dim=-1)


class StandInAttention(nn.Module):
    """The attributes of diffusers' ``Attention`` that the processor reads."""

    def __init__(self, dim, heads, context_dim=None):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.to_q = nn.Linear(dim, dim, bias=False)
        self.to_k = nn.Linear(context_dim or dim, dim, bias=False)
        self.to_v = nn.Linear(context_dim or dim, dim, bias=False)
        self.to_out = nn.ModuleList([nn.Linear(dim, dim), nn.Dropout(0.0)])
        self.spatial_norm = None
        self.group_norm = None
        self.norm_cross = None
        self.residual_connection = False
        self.rescale_output_factor = 1.0

    def classic(self, x, context):
        ctx = x if context is None else context
        return self.to_out[0](per_head_reference(self.to_q(x), self.to_k(ctx), self.to_v(ctx), self.heads, self.scale))


def _never(*args, **kwargs):
    raise AssertionError("the fallback processor must not be called without an attention mask")


class AttentionMathTest(unittest.TestCase):
    def test_matches_a_per_head_reference_with_other_key_lengths(self):
        g = torch.Generator().manual_seed(0)
        q, k, v = torch.randn(3, 17, 32, generator=g), torch.randn(3, 5, 32, generator=g), torch.randn(3, 5, 32, generator=g)
        expected = per_head_reference(q, k, v, 8, 0.3)
        self.assertLess(float((attention.attention_math(q, k, v, 8, 0.3) - expected).abs().max()), 1e-6)
        self.assertLess(float((attention.multi_head_attention(q, k, v, 8, 0.3) - expected).abs().max()), 1e-6)

    def test_folding_frames_into_the_queries_equals_repeating_the_keys(self):
        torch.manual_seed(1)
        attn = StandInAttention(32, 8).eval()
        processor = attention.MultiHeadAttentionProcessor(_never, fold_frames=True)
        b, frames, tokens, ref_tokens = 2, 3, 10, 7
        x = torch.randn(b * frames, tokens, 32)
        bank = torch.randn(b, ref_tokens, 32)
        repeated = bank.unsqueeze(1).repeat(1, frames, 1, 1).flatten(0, 1)  # V-Express's repeat
        with torch.no_grad():
            folded = processor(attn, x, encoder_hidden_states=bank)
            as_vexpress = attn.classic(x, repeated)
            with_repeated_keys = processor(attn, x, encoder_hidden_states=repeated)
        self.assertEqual(tuple(folded.shape), (b * frames, tokens, 32))
        self.assertLess(float((folded - as_vexpress).abs().max()), 1e-6)
        self.assertLess(float((with_repeated_keys - as_vexpress).abs().max()), 1e-6)


class MultiHeadAttentionExportTest(unittest.TestCase):
    def test_one_multi_head_attention_node_per_attention_with_dynamic_axes(self):
        import onnx

        class Block(nn.Module):
            def __init__(self):
                super().__init__()
                self.self_attn = StandInAttention(32, 8)
                self.reference_attn = StandInAttention(32, 8)
                self.audio_attn = StandInAttention(32, 8, context_dim=16)
                self.p = [attention.MultiHeadAttentionProcessor(_never),
                          attention.MultiHeadAttentionProcessor(_never, fold_frames=True)]

            def forward(self, x, bank, audio):
                x = x + self.p[0](self.self_attn, x)
                x = x + self.p[1](self.reference_attn, x, encoder_hidden_states=bank)
                return x + self.p[0](self.audio_attn, x, encoder_hidden_states=audio)

        torch.manual_seed(2)
        block = Block().eval()
        args = (torch.randn(4, 12, 32), torch.randn(2, 6, 32), torch.randn(4, 5, 16))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "block.onnx")
            export_onnx(block, args, path, ["x", "bank", "audio"], ["y"],
                        {"x": {0: "batch_frames", 1: "tokens"}, "bank": {0: "batch", 1: "ref_tokens"},
                         "audio": {0: "batch_frames"}, "y": {0: "batch_frames", 1: "tokens"}},
                        custom_opsets=attention.CUSTOM_OPSETS)
            model = onnx.load(path)
            mha = [n for n in model.graph.node if n.op_type == "MultiHeadAttention"]
            self.assertEqual(3, len(mha))
            for n in mha:
                self.assertEqual("com.microsoft", n.domain)
                attrs = {a.name: onnx.helper.get_attribute_value(a) for a in n.attribute}
                self.assertEqual(8, attrs["num_heads"])
                self.assertAlmostEqual(4 ** -0.5, attrs["scale"], places=6)
                self.assertEqual(3, len(n.input))  # query, key, value; no mask, no bias
            self.assertEqual(0, sum(n.op_type == "Softmax" for n in model.graph.node))
            self.assertIn(("com.microsoft", 1), [(o.domain, o.version) for o in model.opset_import])
            self.assertEqual({"multi_head_attention": 3, "softmax": 0}, attention.census(path))
            io = declared_io(path)
            self.assertEqual(["batch_frames", "tokens", 32], io["inputs"]["x"]["shape"])
            self.assertEqual(["batch", "ref_tokens", 32], io["inputs"]["bank"]["shape"])


    def test_half_precision_attention_is_typed_float16_end_to_end(self):
        """fp16 bundles: the node's inputs and output stay float16 (ONNX Runtime's CPU kernel is float32 only and
        gets casts inserted; its CUDA kernel has float16). Whole fp16 networks trace only on a GPU with torch < 2.1,
        this op alone traces here because its PyTorch forward computes in float32."""
        import onnx

        class Core(nn.Module):
            def forward(self, q, k, v):
                return attention.multi_head_attention(q, k, v, 8, 0.35)

        g = torch.Generator().manual_seed(4)
        q, k, v = (torch.randn(2, n, 64, generator=g).half() for n in (30, 7, 7))
        out = Core()(q, k, v)
        self.assertEqual(torch.float16, out.dtype)
        expected = per_head_reference(q.float(), k.float(), v.float(), 8, 0.35)
        self.assertLess(float((out.float() - expected).abs().max() / expected.abs().max()), 2e-3)
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "mha16.onnx")
            export_onnx(Core(), (q, k, v), path, ["q", "k", "v"], ["y"],
                        {"q": {0: "b", 1: "s"}, "k": {0: "b", 1: "t"}, "v": {0: "b", 1: "t"}, "y": {0: "b", 1: "s"}},
                        custom_opsets=attention.CUSTOM_OPSETS)
            model = onnx.load(path)
            self.assertEqual(["MultiHeadAttention"], [n.op_type for n in model.graph.node])
            types = {i.name: onnx.TensorProto.DataType.Name(i.type.tensor_type.elem_type)
                     for i in list(model.graph.input) + list(model.graph.output)}
            self.assertEqual({"q": "FLOAT16", "k": "FLOAT16", "v": "FLOAT16", "y": "FLOAT16"}, types)


@unittest.skipUnless(HAVE_DIFFUSERS, "diffusers not importable (see tools/export/README.md for V-Express's environment)")
class DiffusersAttentionTest(unittest.TestCase):
    def test_processor_equals_diffusers_attn_processor(self):
        from diffusers.models.attention_processor import Attention, AttnProcessor
        torch.manual_seed(3)
        cases = [
            # spatial self-attention and audio cross-attention as in V-Express's transformer blocks
            (Attention(query_dim=64, heads=8, dim_head=8), torch.randn(3, 20, 64), None),
            (Attention(query_dim=64, cross_attention_dim=24, heads=8, dim_head=8), torch.randn(3, 20, 64),
             torch.randn(3, 5, 24)),
            # the VAE's mid-block form: 4-d input, group norm, residual, rescale
            (Attention(query_dim=32, heads=1, dim_head=32, norm_num_groups=8, residual_connection=True,
                       rescale_output_factor=2.0, bias=True, upcast_softmax=True), torch.randn(2, 32, 5, 6), None),
        ]
        for attn, x, ctx in cases:
            attn.eval()
            with torch.no_grad():
                attn.set_processor(AttnProcessor())
                expected = attn(x, encoder_hidden_states=ctx)
                attention.install([attn])
                self.assertIsInstance(attn.processor, attention.MultiHeadAttentionProcessor)
                actual = attn(x, encoder_hidden_states=ctx)
                with attention.original_processors([attn]):
                    self.assertIsInstance(attn.processor, AttnProcessor)
                self.assertIsInstance(attn.processor, attention.MultiHeadAttentionProcessor)
            err = float((actual - expected).abs().max() / expected.abs().max())
            self.assertLess(err, 1e-6, f"{attn}: {err}")

    def test_only_the_reference_attention_folds_frames(self):
        from diffusers.models.attention_processor import Attention

        class Block(nn.Module):  # names as in V-Express's TemporalBasicTransformerBlock
            def __init__(self):
                super().__init__()
                self.attn1 = Attention(query_dim=32, heads=8, dim_head=4)
                self.attn1_5 = Attention(query_dim=32, heads=8, dim_head=4)
                self.attn2 = Attention(query_dim=32, cross_attention_dim=16, heads=8, dim_head=4)

        block = Block()
        self.assertEqual(3, attention.install([block]))
        self.assertEqual(0, attention.install([block]))  # idempotent
        self.assertEqual([False, True, False], [block.attn1.processor.fold_frames, block.attn1_5.processor.fold_frames,
                                                block.attn2.processor.fold_frames])


if __name__ == "__main__":
    unittest.main()
