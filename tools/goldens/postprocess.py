#!/usr/bin/python3
"""Golden values for V-Express's video post-filter (vexpress-core, io.vexpress.core.postprocess).

Rerun from the repository root with Debian's torch/scipy (not the pyenv python3 on PATH):

    /usr/bin/python3 tools/goldens/postprocess.py

It reproduces V-Express's pipelines/utils.py save_video on small random videos:
    video_tensor = video_tensor[0].permute(1, 2, 3, 0)           # [T, H, W, 3], float32 in [0, 1]
    video_np = (video_tensor * 255).numpy().astype(np.uint8)      # truncating quantisation
    video_np_filtered = median_filter(video_np, size=(3, 3, 3, 1))  # scipy default mode 'reflect'
and writes to vexpress-core/src/test/resources/golden/postprocess/:
    <case>.input.f32     the decoded frames as the VAE gives them, [T, 3, H, W] float32 little-endian
    <case>.quantised.u8  video_np, [T, H, W, 3] uint8 (the filter switched off)
    <case>.filtered.u8   video_np_filtered, [T, H, W, 3] uint8
    cases.json           name -> [T, H, W]
and, for the raw VAE decoder output that V-Express's decode_latents maps with (image / 2 + 0.5).clamp(0, 1):
    <case>.vae.f32, <case>.quantised.u8, <case>.filtered.u8, listed in vae_cases.json
"""
import json
import os

import numpy as np
import torch
from scipy.ndimage import median_filter

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'vexpress-core', 'src', 'test', 'resources', 'golden',
                   'postprocess')

CASES = {  # name: (frames, height, width)
    'one_frame': (1, 5, 6),
    'two_frames': (2, 4, 7),
    'three_frames': (3, 6, 6),
    'five_frames': (5, 8, 9),
    'single_row': (4, 1, 9),
    'single_column': (4, 7, 1),
    'one_pixel': (3, 1, 1),
    'wide': (6, 24, 32),
}


VAE_CASES = {'vae_raw': (4, 6, 5), 'vae_raw_one_frame': (1, 4, 4)}


def video(frames, height, width, seed):
    rng = np.random.default_rng(seed)
    # Smooth structure plus noise, and values on and just below the quantisation steps k/255,
    # where truncation differs from rounding.
    base = rng.random((1, 3, 1, height, width)) * 0.5 + 0.25
    noise = rng.normal(0, 0.15, (1, 3, frames, height, width))
    x = np.clip(base + noise, 0, 1).astype(np.float32)
    steps = rng.integers(0, 256, x.shape).astype(np.float32) / np.float32(255)
    mask = rng.random(x.shape) < 0.2
    x[mask] = steps[mask]
    below = rng.random(x.shape) < 0.1
    x[below] = np.nextafter(steps[below], np.float32(0))
    x[0, 0, 0, 0, 0] = 1.0
    x[0, 1, 0, 0, 0] = 0.0
    return x


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {}
    for seed, (name, (t, h, w)) in enumerate(CASES.items()):
        x = video(t, h, w, seed)                     # [1, 3, T, H, W] as the pipeline returns it
        video_tensor = torch.from_numpy(x)[0, ...].permute(1, 2, 3, 0)
        video_np = (video_tensor * 255).numpy().astype(np.uint8)
        filtered = median_filter(video_np, size=(3, 3, 3, 1))
        x[0].transpose(1, 0, 2, 3).astype('<f4').tofile(os.path.join(OUT, name + '.input.f32'))  # [T, 3, H, W]
        video_np.tofile(os.path.join(OUT, name + '.quantised.u8'))
        filtered.tofile(os.path.join(OUT, name + '.filtered.u8'))
        meta[name] = [t, h, w]
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump(meta, f, indent=1)

    vae_meta = {}
    for seed, (name, (t, h, w)) in enumerate(VAE_CASES.items()):
        rng = np.random.default_rng(100 + seed)
        raw = rng.normal(0, 0.8, (t, 3, h, w)).astype(np.float32)   # decoder output, per frame [1, 3, H, W]
        frames = [(torch.from_numpy(raw[i:i + 1]) / 2 + 0.5).clamp(0, 1).cpu().float() for i in range(t)]
        decoded = torch.cat(frames).permute(1, 0, 2, 3)[None]         # rearrange '(b f) c h w -> b c f h w'
        video_tensor = decoded[0, ...].permute(1, 2, 3, 0)
        video_np = (video_tensor * 255).numpy().astype(np.uint8)
        filtered = median_filter(video_np, size=(3, 3, 3, 1))
        raw.astype('<f4').tofile(os.path.join(OUT, name + '.vae.f32'))
        video_np.tofile(os.path.join(OUT, name + '.quantised.u8'))
        filtered.tofile(os.path.join(OUT, name + '.filtered.u8'))
        vae_meta[name] = [t, h, w]
    with open(os.path.join(OUT, 'vae_cases.json'), 'w') as f:
        json.dump(vae_meta, f, indent=1)
    print('wrote', len(meta), 'cases to', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
