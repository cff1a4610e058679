"""Work-arounds for older PyTorch builds, applied only where they are needed."""
import logging

import torch

LOG = logging.getLogger("vexpress_export")


def torch_before(major: int, minor: int) -> bool:
    parts = torch.__version__.split("+")[0].split(".")
    return (int(parts[0]), int("".join(c for c in parts[1] if c.isdigit()) or 0)) < (major, minor)


def use_exportable_attention(networks) -> int:
    """torch < 2.1's TorchScript ONNX exporter has no symbolic function for
    ``scaled_dot_product_attention``, which diffusers' default ``AttnProcessor2_0`` calls (V-Express
    pins torch 2.0.1). diffusers' classic ``AttnProcessor`` computes the same attention with
    explicit matmul and softmax; switch to it there. Returns how many modules were switched."""
    if not torch_before(2, 1):
        return 0
    from diffusers.models.attention_processor import Attention, AttnProcessor
    switched = 0
    for net in networks:
        for module in net.modules():
            if isinstance(module, Attention) and type(module.processor).__name__ == "AttnProcessor2_0":
                module.set_processor(AttnProcessor())
                switched += 1
    if switched:
        LOG.info("torch %s: %d attention modules use diffusers' AttnProcessor (exportable)", torch.__version__,
                 switched)
    return switched


def patch_baddbmm_beta_zero() -> bool:
    """torch < 2.0 on CPU: ``baddbmm(input, b1, b2, beta=0)`` can return NaN when the last dimension is
    1 (uninitialised memory leaks into the result), although the documentation says input is
    ignored. diffusers' ``AttnProcessor`` (used where ``scaled_dot_product_attention`` does not
    exist) calls it with ``beta=0``, and V-Express's reference net attends to a single zero text
    token, so results would contain random NaNs. With beta = 0 this computes ``alpha * bmm(b1, b2)``,
    which is what the documentation promises."""
    # Only where the classic AttnProcessor is used (torch < 2.1, see use_exportable_attention).
    if not torch_before(2, 1) or getattr(torch, "_vexpress_baddbmm", None):
        return False
    original = torch.baddbmm

    def baddbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None):
        if beta == 0 and out is None:
            return torch.bmm(batch1, batch2) * alpha
        if out is not None:
            return original(input, batch1, batch2, beta=beta, alpha=alpha, out=out)
        return original(input, batch1, batch2, beta=beta, alpha=alpha)

    torch._vexpress_baddbmm = original
    torch.baddbmm = baddbmm
    LOG.info("torch %s: baddbmm(beta=0) patched to ignore its input (NaN propagation bug)", torch.__version__)
    return True
