"""Checks each exported file against the PyTorch module it came from.

Every case is written as ``verification/<case>.<precision>/`` (``case.json``, ``inputs/*.npy``,
``expected/*.npy``) so that it can be replayed where ONNX Runtime runs: with onnxruntime for Python
when installed (done here), otherwise with the Java SDK's ``ExportedBundleVerificationTest``.
The error measure is ``max|onnx - torch| / max|torch|`` per output (the largest over outputs).
"""
import json
import logging
import os
from dataclasses import dataclass
from typing import List, Optional

import numpy as np
import torch

LOG = logging.getLogger("vexpress_export")


@dataclass
class VerificationCase:
    name: str
    component: str
    input_names: List[str]
    inputs: List[torch.Tensor]
    output_names: List[str]
    expected: List[torch.Tensor]

    def numpy_inputs(self):
        return {n: t.detach().cpu().numpy() for n, t in zip(self.input_names, self.inputs)}

    def write(self, verification_dir: str, case_id: str, model_file: str, tolerance: float) -> str:
        root = os.path.join(verification_dir, case_id)
        os.makedirs(os.path.join(root, "inputs"), exist_ok=True)
        os.makedirs(os.path.join(root, "expected"), exist_ok=True)
        for n, a in self.numpy_inputs().items():
            np.save(os.path.join(root, "inputs", n + ".npy"), np.ascontiguousarray(a))
        for n, t in zip(self.output_names, self.expected):
            np.save(os.path.join(root, "expected", n + ".npy"),
                    np.ascontiguousarray(t.detach().float().cpu().numpy()))
        with open(os.path.join(root, "case.json"), "w") as f:
            json.dump({"component": self.component, "model": model_file, "inputs": self.input_names,
                       "outputs": self.output_names, "max_relative_error": tolerance,
                       "error_measure": "max|onnx - torch| / max|torch| per output"}, f, indent=2)
        return root


def relative_error(actual: np.ndarray, expected: np.ndarray) -> float:
    if actual.shape != expected.shape:
        return float("inf")
    scale = max(float(np.max(np.abs(expected))) if expected.size else 0.0, 1e-12)
    return float(np.max(np.abs(actual.astype(np.float64) - expected))) / scale if expected.size else 0.0


def run_with_onnxruntime(model_path: str, case: VerificationCase) -> Optional[float]:
    """Largest relative error of the ONNX file against the PyTorch outputs; None without onnxruntime."""
    try:
        import onnxruntime as ort
    except ImportError:
        return None
    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    outputs = session.run(case.output_names, case.numpy_inputs())
    return max(relative_error(o, e.detach().float().cpu().numpy()) for o, e in zip(outputs, case.expected))


def parity_with_vexpress_hooks(nets, comps, cases) -> dict:
    """The export wrappers against V-Express's own path, in PyTorch.

    For each denoising-UNet case: V-Express's ``ReferenceAttentionControl`` in write mode on the
    reference net (timestep 0, zero text states) and in read mode on the denoising UNet with the
    case's weights as Python floats, ``update()`` with classifier-free guidance when the batch is 2,
    then the UNet as ``mean_overlap`` calls it. This must equal the wrapper fed with the features
    the ``reference_net`` wrapper produced (zeros first) and the weights as tensors. V-Express's path runs
    with diffusers' own attention processors (those the export replaced with MultiHeadAttention ones are
    put back for it), so the comparison also covers the memory-efficient attention and the folded
    reference attention.
    """
    from .attention import original_processors
    with original_processors([n for n in (nets.reference_net, nets.denoising_unet) if n is not None]):
        return _parity_with_vexpress_hooks(nets, comps, cases)


def _parity_with_vexpress_hooks(nets, comps, cases) -> dict:
    vx = nets.vx
    results = {}
    k = comps["reference_net"].module.num_features
    width = comps["reference_net"].module.text_state_width
    for case in cases:
        if case.component != "denoising_unet":
            continue
        sample, t, audio, kps = case.inputs[:4]
        rw, aw = float(case.inputs[4 + k]), float(case.inputs[5 + k])
        cfg = sample.shape[0] == 2
        latent = nets.case_latents[case.name]
        writer = vx.ReferenceAttentionControl(nets.reference_net, mode="write", do_classifier_free_guidance=cfg,
                                              batch_size=1, fusion_blocks="full")
        reader = vx.ReferenceAttentionControl(nets.denoising_unet, mode="read", do_classifier_free_guidance=cfg,
                                              batch_size=1, fusion_blocks="full",
                                              reference_attention_weight=rw, audio_attention_weight=aw)
        with torch.no_grad():
            text = torch.zeros((1, 1, width), dtype=latent.dtype, device=latent.device)
            nets.reference_net(latent, timestep=0, encoder_hidden_states=text, return_dict=False)
            reader.update(writer, do_classifier_free_guidance=cfg, dtype=latent.dtype)
            native = nets.denoising_unet(sample, t[0], encoder_hidden_states=audio, kps_features=kps,
                                         return_dict=False)[0]
            if cfg:
                # The weights must matter in this network, or the comparison above proves little.
                unweighted = vx.ReferenceAttentionControl(
                    nets.denoising_unet, mode="read", do_classifier_free_guidance=cfg, batch_size=1,
                    fusion_blocks="full", reference_attention_weight=1.0, audio_attention_weight=1.0)
                unweighted.update(writer, do_classifier_free_guidance=cfg, dtype=latent.dtype)
                plain = nets.denoising_unet(sample, t[0], encoder_hidden_states=audio, kps_features=kps,
                                            return_dict=False)[0]
                effect = relative_error(plain.cpu().numpy(), native.cpu().numpy())
                LOG.info("%s: the weights (%.3g, %.3g) change the output by %.3g (relative)", case.name, rw, aw,
                         effect)
                results[case.name + ":weights_matter"] = 0.0 if effect > 1e-6 else float("nan")
        reader.clear()
        writer.clear()
        err = relative_error(case.expected[0].cpu().numpy(), native.cpu().numpy())
        LOG.info("%s: export wrappers vs V-Express's ReferenceAttentionControl path: max relative "
                 "difference %.3g", case.name, err)
        results[case.name] = err
    # Put back the hooks the export wrappers expect (weights 1.0: V-Express skips its multiplication).
    vx.ReferenceAttentionControl(nets.reference_net, mode="write", do_classifier_free_guidance=True,
                                 batch_size=1, fusion_blocks="full")
    vx.ReferenceAttentionControl(nets.denoising_unet, mode="read", do_classifier_free_guidance=True,
                                 batch_size=1, fusion_blocks="full",
                                 reference_attention_weight=1.0, audio_attention_weight=1.0)
    return results
