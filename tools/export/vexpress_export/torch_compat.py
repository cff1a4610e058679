"""Work-arounds for older PyTorch builds, applied only where they are needed."""
import logging

import torch

LOG = logging.getLogger("vexpress_export")


def patch_baddbmm_beta_zero() -> bool:
    """torch < 2.0 on CPU: ``baddbmm(input, b1, b2, beta=0)`` can return NaN when the last dimension is
    1 (uninitialised memory leaks into the result), although the documentation says input is
    ignored. diffusers' ``AttnProcessor`` (used where ``scaled_dot_product_attention`` does not
    exist) calls it with ``beta=0``, and V-Express's reference net attends to a single zero text
    token, so results would contain random NaNs. With beta = 0 this computes ``alpha * bmm(b1, b2)``,
    which is what the documentation promises."""
    if hasattr(torch.nn.functional, "scaled_dot_product_attention") or getattr(torch, "_vexpress_baddbmm", None):
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
