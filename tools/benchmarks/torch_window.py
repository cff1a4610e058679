#!/usr/bin/python3
"""One guided V-Express UNet call in PyTorch eager, the shapes the engine's real-size benchmark runs.

V-Express's own modules at SD-1.5 size with random weights (UNet3DConditionModel.from_config_2d with
inference_v2.yaml's motion modules, the reference UNet2DConditionModel and ReferenceAttentionControl, built and
paired exactly as tools/export does), diffusers' attention as torch 1.13 runs it (no scaled_dot_product_attention
below torch 2.0, so diffusers' classic AttnProcessor: baddbmm + softmax over [batch x heads, tokens, keys]).
The reference net runs once (batch 1) to get the 16 reference features and is then freed; the timed call is
the denoising UNet on sample [2, 4, T, H/8, W/8] (guidance: zeros first), audio tokens [2T, 5, 768], the window's
V-Kps images uint8 [1, 3, T, H, W] through V-Express's VKpsGuider(320, (16, 32, 96, 256)) inside the call (as the
exported format-2 UNet does: tools/export's wrappers.DenoisingUNet), the reference features [2, L_k, C_k] and
both weights, under torch.no_grad.
Prints one JSON line: size, frames, threads, seconds of the call, peak RSS (ru_maxrss), RSS before the call, or
the error when it does not fit.

Used: V-Express 6814f7d, diffusers v0.29.2, Debian torch 1.13.1. Set up as tools/export/README.md says
(`source /work/vxenv/env.sh` here), then from the repository root, under a memory cap so that a shape that
does not fit fails with an allocation error instead of starving the machine:
    prlimit --as=$((18<<30)) /usr/bin/python3 tools/benchmarks/torch_window.py --vexpress_dir $VEXPRESS_DIR --size 256
"""
import argparse
import gc
import json
import os
import resource
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "export"))

import torch  # noqa: E402

from vexpress_export import torch_compat, vexpress_loading as vl, wrappers  # noqa: E402

CONFIGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "export", "reference-configs")


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--vexpress_dir", default=os.environ.get("VEXPRESS_DIR"))
    p.add_argument("--size", type=int, default=512)
    p.add_argument("--frames", type=int, default=24)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--calls", type=int, default=1, help="UNet calls to time (the first includes warm-up)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    torch_compat.patch_baddbmm_beta_zero()
    vx = vl.import_vexpress(a.vexpress_dir)
    unet_config = os.path.join(CONFIGS, "stable-diffusion-v1-5", "unet", "config.json")
    inference_config = os.path.join(a.vexpress_dir, "inference_v2.yaml")
    out = {"size": a.size, "frames": a.frames, "threads": a.threads, "torch": torch.__version__}
    h = w = a.size // 8
    try:
        with torch.no_grad():
            reference_net = vl.build_reference_net(vx, unet_config, None)
            unet = vl.build_denoising_unet(vx, inference_config, unet_config, None, None)
            torch_compat.use_exportable_attention([reference_net, unet])
            g = torch.Generator().manual_seed(1)
            for net in (reference_net, unet):
                wrappers.randomize_zero_parameters(net, g)
            vx.ReferenceAttentionControl(reference_net, mode="write", do_classifier_free_guidance=True, batch_size=1,
                                         fusion_blocks="full")
            writer = wrappers.bank_order(reference_net, (vx.BasicTransformerBlock,), vx.torch_dfs)
            vx.ReferenceAttentionControl(unet, mode="read", do_classifier_free_guidance=True, batch_size=1,
                                         fusion_blocks="full", reference_attention_weight=1.0, audio_attention_weight=1.0)
            reader = wrappers.bank_order(unet, (vx.TemporalBasicTransformerBlock,), vx.torch_dfs)
            wrappers.check_pairing(writer, reader)
            width = reference_net.config.cross_attention_dim
            refs = [r.detach() for r in wrappers.ReferenceFeatures(reference_net, writer, width)(torch.randn(1, 4, h, w))]
            del reference_net, writer
            gc.collect()
            guider = vl.build_v_kps_guider(vx, 320, (16, 32, 96, 256), None)
            wrappers.randomize_zero_parameters(guider, g)
            model = wrappers.DenoisingUNet(unet, reader, guider)
            t = a.frames
            sample = torch.randn(1, 4, t, h, w).repeat(2, 1, 1, 1, 1)
            audio = torch.cat([torch.zeros(t, 5, 768), torch.randn(t, 5, 768)])
            kps = torch.randint(0, 256, (1, 3, t, 8 * h, 8 * w), dtype=torch.uint8)
            refs = [torch.cat([torch.zeros_like(r), r]) for r in refs]
            args = [sample, torch.tensor([500]), audio, kps] + refs + [torch.tensor([1.0]), torch.tensor([1.0])]
            gc.collect()
            out["rss_before_call_mb"] = rss_mb()
            out["seconds"] = []
            for _ in range(a.calls):
                start = time.time()
                y = model(*args)
                out["seconds"].append(round(time.time() - start, 1))
            out["output"] = list(y.shape)
            out["finite"] = bool(torch.isfinite(y).all())
    except (RuntimeError, MemoryError) as e:
        out["error"] = str(e).splitlines()[0][:300]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(out))


if __name__ == "__main__":
    main()
