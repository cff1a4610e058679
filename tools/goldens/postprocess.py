#!/usr/bin/python3
"""Golden values for V-Express's video post-filter (vexpress-core, io.vexpress.core.postprocess).

Made with V-Express's own pipelines/utils.py::median_filter_3d, imported from a V-Express checkout at
commit 6814f7d (the function as changed in c8af31e, 2024-06-15) through vexpress_reference.py, which checks the
checkout's file digests and stubs what the math does not use, with Debian's torch 1.13.1 (reports 1.13.0a0)
and numpy 1.24.2. Set up (see vexpress_reference.py) and rerun from the repository root:

    source /work/vxenv/env.sh          # or: export VEXPRESS_DIR=<a checkout of tencent-ailab/V-Express>
    /usr/bin/python3 tools/goldens/postprocess.py [--vexpress_dir DIR]

cases.json also records the sha256 of the function's source.

What V-Express's save_video does with the decoded video [1, 3, T, H, W] (float32 in [0, 1], after
decode_latents' (image / 2 + 0.5).clamp(0, 1)), and what save_video_frames below repeats:
    video_tensor = median_filter_3d(video_tensor[0], kernel_size=3, device=device)  # float32 median
    video_frames = (video_tensor.permute(1, 2, 3, 0) * 255).numpy().astype(np.uint8)  # then truncation
median_filter_3d pads with torch.nn.functional.pad(mode='reflect') (index -1 reads index 1) and takes
torch.median of the 27 values; a NaN in a window makes its median NaN, which the uint8 cast turns into 0.

Writes to vexpress-core/src/test/resources/golden/postprocess/:
    <case>.input.f32     decoded frames as the VAE decoder's mapping gives them, [T, 3, H, W] float32 LE
    <case>.quantised.u8  (video * 255).astype(uint8) without the filter, [T, H, W, 3]
    <case>.filtered.u8   what save_video writes, [T, H, W, 3]
    cases.json           name -> {"shape": [T, H, W], "note": ...}
and for raw VAE decoder outputs (decode_latents' mapping applied by the reference here):
    <case>.vae.f32, <case>.quantised.u8, <case>.filtered.u8, listed in vae_cases.json

Cases: borders and first/last frames everywhere (every case is small), 2 and 3 frames, odd sizes, widths
around the Java filter's 64-pixel words, ties (few levels, plateaus), NaN. V-Express's padding raises an error
for an axis of length 1 (1 frame, 1 row, 1 column); the engine then reads the single sample on both sides.
Those cases ("extension") are computed with median_filter_3d on the video with that axis repeated three
times, which is that definition, and the script checks that V-Express itself refuses them.
"""
import argparse
import hashlib
import inspect
import json
import os
import sys

import numpy as np
import torch

from vexpress_reference import VExpress

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'vexpress-core', 'src', 'test', 'resources', 'golden',
                   'postprocess')

CASES = {  # name: (frames, height, width, kind)
    'two_frames': (2, 4, 7, 'noise'),
    'three_frames': (3, 6, 6, 'noise'),
    'five_frames': (5, 8, 9, 'noise'),
    'smallest': (2, 2, 2, 'noise'),
    'odd_sizes': (4, 7, 13, 'noise'),
    'wide': (6, 24, 32, 'noise'),
    'word_62': (3, 3, 62, 'noise'),
    'word_63': (2, 4, 63, 'noise'),
    'word_64': (3, 3, 64, 'noise'),
    'word_65': (2, 3, 65, 'noise'),
    'word_127': (3, 2, 127, 'noise'),
    'word_130': (2, 3, 130, 'noise'),
    'ties_two_levels': (4, 6, 9, 'two_levels'),
    'ties_three_levels': (3, 7, 8, 'three_levels'),
    'ties_plateaus': (5, 6, 10, 'plateaus'),
    'nan': (4, 6, 7, 'nan'),
    # V-Express raises for these; see the docstring
    'one_frame': (1, 5, 6, 'noise'),
    'single_row': (4, 1, 9, 'noise'),
    'single_column': (4, 7, 1, 'noise'),
    'one_pixel': (3, 1, 1, 'noise'),
}

VAE_CASES = {'vae_raw': (4, 6, 5), 'vae_raw_two_frames': (2, 4, 4)}


def source_sha256(vx):
    return hashlib.sha256(inspect.getsource(vx.utils.median_filter_3d).encode()).hexdigest()


def save_video_frames(video_tensor, vx):
    """The uint8 frames [T, H, W, 3] V-Express's save_video writes for video_tensor [1, 3, T, H, W];
    vx: a vexpress_reference.VExpress."""
    video = vx.utils.median_filter_3d(video_tensor[0, ...], kernel_size=3, device='cpu')
    return (video.permute(1, 2, 3, 0) * 255).numpy().astype(np.uint8)


def quantised_frames(video_tensor):
    return (video_tensor[0].permute(1, 2, 3, 0) * 255).numpy().astype(np.uint8)


def video(frames, height, width, kind, seed):
    """[1, 3, T, H, W] float32 in [0, 1], as decode_latents returns it."""
    rng = np.random.default_rng(seed)
    shape = (1, 3, frames, height, width)
    if kind in ('two_levels', 'three_levels'):
        levels = 2 if kind == 'two_levels' else 3
        return (rng.integers(0, levels, shape) / (levels - 1)).astype(np.float32)
    if kind == 'plateaus':
        coarse = rng.integers(0, 4, (1, 3, frames, (height + 2) // 3, (width + 2) // 3)) * np.float32(60 / 255)
        x = coarse.repeat(3, axis=3).repeat(3, axis=4)[..., :height, :width].astype(np.float32)
        x[rng.random(shape) < 0.1] = np.float32(0.5)
        return x
    # Smooth structure plus noise, and values on and just below the quantisation steps k/255, where
    # truncation differs from rounding.
    base = rng.random((1, 3, 1, height, width)) * 0.5 + 0.25
    noise = rng.normal(0, 0.15, shape)
    x = np.clip(base + noise, 0, 1).astype(np.float32)
    steps = rng.integers(0, 256, x.shape).astype(np.float32) / np.float32(255)
    mask = rng.random(x.shape) < 0.2
    x[mask] = steps[mask]
    below = rng.random(x.shape) < 0.1
    x[below] = np.nextafter(steps[below], np.float32(0))
    x[0, 0, 0, 0, 0] = 1.0
    x[0, 1, 0, 0, 0] = 0.0
    if kind == 'nan':  # a corner of the first frame, an edge of the last, one inside
        x[0, 0, 0, 0, 0] = np.nan
        x[0, 2, frames - 1, height - 1, 3] = np.nan
        x[0, 1, 2, 3, 4] = np.nan
    return x


def filtered_frames(x, vx):
    """save_video's frames; for a length-1 axis, V-Express's function on that axis repeated three times."""
    _, _, t, h, w = x.shape
    tensor = torch.from_numpy(x)
    if min(t, h, w) > 1:
        return save_video_frames(tensor, vx)
    try:
        save_video_frames(tensor, vx)
    except RuntimeError:
        pass
    else:
        sys.exit(f'V-Express filtered a {t}x{h}x{w} video: the extension cases need revisiting')
    reps = [1, 1, 3 if t == 1 else 1, 3 if h == 1 else 1, 3 if w == 1 else 1]
    out = save_video_frames(tensor.repeat(*reps), vx)  # [T', H', W', 3]

    def middle(n):
        return slice(1, 2) if n == 1 else slice(None)
    return out[middle(t), middle(h), middle(w)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--vexpress_dir', default=os.environ.get('VEXPRESS_DIR'),
                        help='a V-Express checkout (default: $VEXPRESS_DIR)')
    args = parser.parse_args()
    vx = VExpress(args.vexpress_dir)
    digest = source_sha256(vx)
    print('median_filter_3d source sha256', digest, 'torch', torch.__version__, 'numpy', np.__version__)
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))

    meta = {}
    with np.errstate(invalid='ignore'):  # the NaN case: numpy warns when it casts NaN to uint8
        for seed, (name, (t, h, w, kind)) in enumerate(CASES.items()):
            x = video(t, h, w, kind, seed)
            filtered = filtered_frames(x, vx)
            quantised = quantised_frames(torch.from_numpy(x))
            assert filtered.shape == (t, h, w, 3), (name, filtered.shape)
            x[0].transpose(1, 0, 2, 3).astype('<f4').tofile(os.path.join(OUT, name + '.input.f32'))  # [T, 3, H, W]
            quantised.tofile(os.path.join(OUT, name + '.quantised.u8'))
            filtered.tofile(os.path.join(OUT, name + '.filtered.u8'))
            note = 'extension: V-Express raises for an axis of length 1' if min(t, h, w) == 1 else 'median_filter_3d'
            meta[name] = {'shape': [t, h, w], 'kind': kind, 'note': note}
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump({'source': 'V-Express 6814f7d pipelines/utils.py::median_filter_3d', 'sha256': digest,
                   'torch': torch.__version__, 'numpy': np.__version__, 'cases': meta}, f, indent=1)
        f.write('\n')

    vae_meta = {}
    for seed, (name, (t, h, w)) in enumerate(VAE_CASES.items()):
        rng = np.random.default_rng(100 + seed)
        raw = rng.normal(0, 0.8, (t, 3, h, w)).astype(np.float32)   # decoder output, per frame [1, 3, H, W]
        frames = [(torch.from_numpy(raw[i:i + 1]) / 2 + 0.5).clamp(0, 1).cpu().float() for i in range(t)]
        decoded = torch.cat(frames).permute(1, 0, 2, 3)[None]         # rearrange '(b f) c h w -> b c f h w'
        raw.astype('<f4').tofile(os.path.join(OUT, name + '.vae.f32'))
        quantised_frames(decoded).tofile(os.path.join(OUT, name + '.quantised.u8'))
        save_video_frames(decoded, vx).tofile(os.path.join(OUT, name + '.filtered.u8'))
        vae_meta[name] = [t, h, w]
    with open(os.path.join(OUT, 'vae_cases.json'), 'w') as f:
        json.dump(vae_meta, f, indent=1)
        f.write('\n')
    print('wrote', len(meta) + len(vae_meta), 'cases to', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
