#!/usr/bin/python3
"""How much of a denoising UNet call the V-Kps guider adds when it runs inside the call (model-bundle format 2):
multiply-accumulates of V-Express's own VKpsGuider and UNet3DConditionModel at SD-1.5 widths, random weights,
for V-Express's guided window at 512x512 (batch 2 x 24 frames of 64x64 latents; the guider runs once, on the
24 conditional frames).

    source /work/vxenv/env.sh        # V-Express 6814f7d, diffusers v0.29.2 (see /work/shared/notes/dependencies.md)
    /usr/bin/python3 tools/benchmarks/kps_guider_share.py --vexpress_dir "$VEXPRESS_DIR"

Debian's torch 1.13.1 (reports 1.13.0a0); about 6 GB of memory and a few minutes on 2 cores (run it under the
heavy-work lock on a shared machine). The networks are built exactly as tools/export builds them (V-Express's
from_config_2d with inference_v2.yaml, VKpsGuider(320, (16, 32, 96, 256)) as inference.py), with V-Express's
ReferenceAttentionControl in read mode fed reference features of SD-1.5's shapes and 5 audio tokens per frame.

Counting: forward hooks on every Conv2d/Conv3d/Linear (output elements x input channels per group x kernel) and
wrappers around torch.bmm/torch.baddbmm (diffusers' classic attention, the only one torch 1.13 has). One frame
(T = 1, batch 1) is run at full size; everything scales with frames x batch except the temporal attention's two
matmuls, whose cost per position grows with T^2 (they are the bmm calls with 1 x 1 score matrices at T = 1).
The script also times both networks on the CPU in torch for one frame (a rough second opinion: the GPU's
efficiency differs between the guider's thin convolutions and the UNet's wide ones).
"""
import argparse
import json
import os
import sys
import time

import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tools', 'export'))

# SD-1.5's 16 reference features in ReferenceAttentionControl's pairing order: (channels, latent downsampling)
REFERENCE_FEATURES = [(1280, 4)] * 5 + [(1280, 8)] + [(640, 2)] * 5 + [(320, 1)] * 5


class MacCounter:
    def __init__(self):
        self.dense = 0        # scales with frames x batch
        self.temporal = 0     # temporal attention matmuls: scale with frames^2 x batch
        self.hooks = []
        self.depth = 0
        self._bmm = torch.bmm
        self._baddbmm = torch.baddbmm

    def _module_hook(self, module, inputs, output):
        w = module.weight
        if isinstance(module, torch.nn.Linear):
            self.dense += output.numel() * w.shape[1]
        else:  # convolution: out elements x (in channels / groups) x kernel volume
            self.dense += output.numel() * w[0].numel()

    def _matmul(self, a, b):
        if self.depth > 1:  # a baddbmm that calls bmm (tools/export's torch 1.13 work-around): count once
            return
        macs = a.shape[0] * a.shape[1] * a.shape[2] * b.shape[2]
        if a.shape[1] == 1 and (b.shape[2] == 1 or a.shape[2] == 1):
            self.temporal += macs  # the scores over T = 1 frame, or their weighted sum of the values
        else:
            self.dense += macs

    def __enter__(self):
        counter = self

        def bmm(a, b, *args, **kwargs):
            counter.depth += 1
            try:
                counter._matmul(a, b)
                return counter._bmm(a, b, *args, **kwargs)
            finally:
                counter.depth -= 1

        def baddbmm(c, a, b, *args, **kwargs):
            counter.depth += 1
            try:
                counter._matmul(a, b)
                return counter._baddbmm(c, a, b, *args, **kwargs)
            finally:
                counter.depth -= 1

        torch.bmm, torch.baddbmm = bmm, baddbmm
        return self

    def __exit__(self, *exc):
        torch.bmm, torch.baddbmm = self._bmm, self._baddbmm

    def watch(self, net):
        for m in net.modules():
            if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d, torch.nn.Conv3d)):
                self.hooks.append(m.register_forward_hook(self._module_hook))

    def unwatch(self):
        for h in self.hooks:
            h.remove()
        self.hooks = []


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--vexpress_dir', default=os.environ.get('VEXPRESS_DIR'), required='VEXPRESS_DIR' not in os.environ)
    p.add_argument('--size', type=int, default=512)
    p.add_argument('--frames', type=int, default=24)
    p.add_argument('--batch', type=int, default=2)
    args = p.parse_args()
    torch.set_grad_enabled(False)
    from vexpress_export import vexpress_loading as vl
    from vexpress_export import wrappers
    vx = vl.import_vexpress(args.vexpress_dir)
    unet_config = os.path.join(ROOT, 'tools', 'export', 'reference-configs', 'stable-diffusion-v1-5', 'unet', 'config.json')
    torch.manual_seed(0)
    guider = vl.build_v_kps_guider(vx, 320, (16, 32, 96, 256), None)
    unet = vl.build_denoising_unet(vx, os.path.join(vx.directory, 'inference_v2.yaml'), unet_config, None, None)
    vx.ReferenceAttentionControl(unet, mode='read', do_classifier_free_guidance=False, batch_size=1,
                                 fusion_blocks='full', reference_attention_weight=1.0, audio_attention_weight=1.0)
    from vexpress_export.torch_compat import use_exportable_attention
    use_exportable_attention([unet])
    readers = wrappers.bank_order(unet, (vx.TemporalBasicTransformerBlock,), vx.torch_dfs)
    assert [r.norm1.normalized_shape[0] for r in readers] == [c for c, _ in REFERENCE_FEATURES]
    h = w = args.size // 8
    for block, (channels, s) in zip(readers, REFERENCE_FEATURES):
        block.bank = [torch.randn(1, (h // s) * (w // s), channels)]

    images = torch.rand(1, 3, 1, args.size, args.size)
    sample = torch.randn(1, 4, 1, h, w)
    audio = torch.randn(1, 5, 768)
    with MacCounter() as g:
        g.watch(guider)
        t0 = time.perf_counter()
        features = guider(images)
        guider_s = time.perf_counter() - t0
        g.unwatch()
    with MacCounter() as u:
        u.watch(unet)
        t0 = time.perf_counter()
        unet(sample, torch.tensor([500]), encoder_hidden_states=audio, kps_features=features, return_dict=False)
        unet_s = time.perf_counter() - t0
        u.unwatch()
    guider_frame = g.dense + g.temporal
    unet_call = args.batch * (args.frames * u.dense + args.frames ** 2 * u.temporal)
    guider_call = args.frames * guider_frame
    result = {
        'size': args.size, 'frames': args.frames, 'batch': args.batch,
        'guider_gmac_per_frame': guider_frame / 1e9,
        'unet_gmac_per_frame_t1': (u.dense + u.temporal) / 1e9,
        'unet_temporal_gmac_t1': u.temporal / 1e9,
        'unet_gmac_per_call': unet_call / 1e9,
        'guider_gmac_per_call': guider_call / 1e9,
        'guider_share_of_call': guider_call / unet_call,
        'cpu_seconds_one_frame': {'guider': guider_s, 'unet': unet_s},
        'torch': torch.__version__,
    }
    print(json.dumps(result, indent=2))


if __name__ == '__main__':
    main()
