"""Memory-efficient attention in the exported graphs: ONNX Runtime's ``com.microsoft.MultiHeadAttention``.

Exported as diffusers writes it (``AttnProcessor``: matmul, softmax, matmul), every attention materialises
its ``[batch * heads, queries, keys]`` score matrix. In V-Express's UNets the spatial self-attention
(``attn1``) and the reference attention (``attn1_5``) attend over all latent tokens, so one of them holds
``2 * 24 * 8 * 4096 * 4096`` floats (25.8 GB) for a guided 24-frame window at 512x512.
ONNX Runtime's contrib operator ``MultiHeadAttention`` (domain ``com.microsoft``, opset 1) takes query, key
and value as ``[B, S, D]`` with ``num_heads`` and computes ``softmax(Q K^T * scale) V`` per head without
that matrix: its CPU kernel runs a flash-attention loop over cache-sized blocks (float32), its CUDA kernel
picks flash, cutlass memory-efficient or cuDNN attention (float16; memory-efficient also for float32 from
256 tokens).

How it is emitted: :class:`MultiHeadAttentionProcessor` is a diffusers attention processor, installed on
the ``Attention`` modules of V-Express's networks (V-Express's code is not touched). It does what
diffusers' ``AttnProcessor`` does around the attention (projections, output projection, residual,
rescale) and hands the attention core to :class:`_MultiHeadAttention`, an autograd function whose
forward computes the same math in PyTorch (so tracing and every PyTorch comparison run as before) and
whose ``symbolic`` emits one ``MultiHeadAttention`` node.

The reference attention. V-Express repeats each reference feature over the frames
(``d.unsqueeze(1).repeat(1, video_length, 1, 1)``) before ``attn1_5``, so frame ``f`` of batch ``b``
attends to the keys of ``bank[b]``. Each query row's softmax sees only the keys, so folding the frames
into the query sequence -- queries ``[B, F * L, D]`` against the un-repeated keys ``[B, L_ref, D]`` -- is
the same computation without F copies of the keys and values (and of their projections).
The processor of ``attn1_5`` always reshapes the queries to the keys' batch: for un-repeated keys that is
the fold, for V-Express's repeated keys it is the identity, so it is right either way.
"""
import contextlib
import logging
from typing import Iterable, List

import torch

LOG = logging.getLogger("vexpress_export")

DOMAIN = "com.microsoft"
OP_TYPE = "MultiHeadAttention"
#: the opset import the exporter needs for the contrib domain
CUSTOM_OPSETS = {DOMAIN: 1}
#: the ``--attention`` choices
MHA = "mha"
MATMUL = "matmul"


def attention_math(query: torch.Tensor, key: torch.Tensor, value: torch.Tensor, num_heads: int,
                   scale: float) -> torch.Tensor:
    """``softmax(Q K^T * scale) V`` per head for ``[B, S, D]`` inputs: ``MultiHeadAttention``'s semantics.

    Half-precision inputs are computed in float32 (as the fused kernels accumulate) and the result is cast
    back, which also lets fp16 graphs be traced on a CPU for this op alone."""
    dtype = query.dtype
    if dtype in (torch.float16, torch.bfloat16):
        query, key, value = query.float(), key.float(), value.float()
    b, sq, d = query.shape
    sk = key.shape[1]
    q = query.reshape(b, sq, num_heads, d // num_heads).transpose(1, 2)
    k = key.reshape(b, sk, num_heads, d // num_heads).transpose(1, 2)
    v = value.reshape(b, sk, num_heads, value.shape[2] // num_heads).transpose(1, 2)
    probs = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) * scale, dim=-1)
    return torch.matmul(probs, v).transpose(1, 2).reshape(b, sq, value.shape[2]).to(dtype)


class _MultiHeadAttention(torch.autograd.Function):
    """PyTorch: :func:`attention_math`. ONNX: one ``com.microsoft.MultiHeadAttention`` node."""

    @staticmethod
    def forward(ctx, query, key, value, num_heads: int, scale: float):
        return attention_math(query, key, value, num_heads, scale)

    @staticmethod
    def symbolic(g, query, key, value, num_heads: int, scale: float):
        out = g.op(f"{DOMAIN}::{OP_TYPE}", query, key, value, num_heads_i=int(num_heads), scale_f=float(scale))
        # The exporter's shape inference does not know contrib ops. Every attention here has
        # value width = query width, so the output has the query's type and shape [B, S_q, D].
        out.setType(query.type())
        return out


def multi_head_attention(query, key, value, num_heads: int, scale: float) -> torch.Tensor:
    return _MultiHeadAttention.apply(query, key, value, num_heads, scale)


class MultiHeadAttentionProcessor:
    """A diffusers attention processor computing diffusers' ``AttnProcessor`` with the attention core as
    ``MultiHeadAttention``.

    ``fold_frames``: the queries are reshaped to the keys' batch before the attention (the reference
    attention, see the module documentation). A call with an attention mask (V-Express passes none) goes
    to ``fallback``, the module's previous processor.
    """

    def __init__(self, fallback, fold_frames: bool = False):
        self.fallback = fallback
        self.fold_frames = fold_frames

    def __call__(self, attn, hidden_states, encoder_hidden_states=None, attention_mask=None, temb=None,
                 *args, **kwargs):
        if attention_mask is not None or getattr(attn, "norm_q", None) is not None \
                or getattr(attn, "norm_k", None) is not None:
            return self.fallback(attn, hidden_states, encoder_hidden_states, attention_mask, temb, *args, **kwargs)
        residual = hidden_states
        if attn.spatial_norm is not None:
            hidden_states = attn.spatial_norm(hidden_states, temb)
        input_ndim = hidden_states.ndim
        if input_ndim == 4:
            batch_size, channel, height, width = hidden_states.shape
            hidden_states = hidden_states.view(batch_size, channel, height * width).transpose(1, 2)
        if attn.group_norm is not None:
            hidden_states = attn.group_norm(hidden_states.transpose(1, 2)).transpose(1, 2)

        query = attn.to_q(hidden_states)
        if encoder_hidden_states is None:
            encoder_hidden_states = hidden_states
        elif attn.norm_cross:
            encoder_hidden_states = attn.norm_encoder_hidden_states(encoder_hidden_states)
        key = attn.to_k(encoder_hidden_states)
        value = attn.to_v(encoder_hidden_states)

        query_shape = query.shape
        if self.fold_frames:
            query = query.reshape(key.shape[0], -1, query_shape[2])
        hidden_states = multi_head_attention(query, key, value, attn.heads, attn.scale)
        if self.fold_frames:
            hidden_states = hidden_states.reshape(query_shape[0], query_shape[1], hidden_states.shape[2])

        hidden_states = attn.to_out[0](hidden_states)
        hidden_states = attn.to_out[1](hidden_states)
        if input_ndim == 4:
            hidden_states = hidden_states.transpose(-1, -2).reshape(batch_size, channel, height, width)
        if attn.residual_connection:
            hidden_states = hidden_states + residual
        return hidden_states / attn.rescale_output_factor


def _attention_modules(net: torch.nn.Module):
    from diffusers.models.attention_processor import Attention
    return [m for m in net.modules() if isinstance(m, Attention)]


def install(networks: Iterable[torch.nn.Module]) -> int:
    """Puts a :class:`MultiHeadAttentionProcessor` on every diffusers ``Attention`` of ``networks`` (V-Express's
    UNets: ``attn1``, ``attn1_5``, ``attn2`` and the motion modules' temporal attention); ``attn1_5`` folds
    the frames. Each module keeps its previous processor for :func:`original_processors`. Returns how many
    modules were switched."""
    count = 0
    for net in networks:
        folded = {id(block.attn1_5) for block in net.modules() if hasattr(block, "attn1_5")}
        for module in _attention_modules(net):
            if isinstance(module.processor, MultiHeadAttentionProcessor):
                continue
            module._vexpress_original_processor = module.processor
            module.set_processor(MultiHeadAttentionProcessor(module.processor, fold_frames=id(module) in folded))
            count += 1
    if count:
        LOG.info("%d attention modules export as %s.%s", count, DOMAIN, OP_TYPE)
    return count


@contextlib.contextmanager
def original_processors(networks: Iterable[torch.nn.Module]):
    """Runs the block with the processors :func:`install` replaced (V-Express's own attention), then puts
    the memory-efficient ones back."""
    swapped: List = []
    try:
        for net in networks:
            for module in _attention_modules(net):
                if isinstance(module.processor, MultiHeadAttentionProcessor):
                    swapped.append((module, module.processor))
                    module.set_processor(module._vexpress_original_processor)
        yield
    finally:
        for module, processor in swapped:
            module.set_processor(processor)


def census(onnx_path: str) -> dict:
    """How a saved graph computes attention: ``MultiHeadAttention`` nodes and ``Softmax`` nodes (the explicit
    MatMul/Softmax/MatMul form; V-Express's UNets have no other softmax)."""
    import onnx
    model = onnx.load(onnx_path, load_external_data=False)
    ops = [(n.domain or "ai.onnx", n.op_type) for n in model.graph.node]
    return {"multi_head_attention": ops.count((DOMAIN, OP_TYPE)), "softmax": ops.count(("ai.onnx", "Softmax"))}
