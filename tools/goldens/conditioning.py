#!/usr/bin/python3
"""Golden files for vexpress-core's conditioning, retarget and render packages, made by V-Express's own code.

Rerun from the repository root (Debian's python3-torch 1.13, python3-opencv 4.6, python3-numpy 1.24, plus a
V-Express checkout at commit 6814f7d with diffusers 0.29.2 and einops 0.4.1 importable; on the project machine
`source /work/vxenv/env.sh` sets all of that up, see tools/goldens/vexpress_reference.py):

    /usr/bin/python3 tools/goldens/conditioning.py [--vexpress_dir $VEXPRESS_DIR] [--samples ../shared/samples]

It writes vexpress-core/src/test/resources/golden/conditioning/*.json (+ a few PNG frames). Every V-Express stage
is V-Express's code, imported from the checkout and run with stubs for what the math does not use
(vexpress_reference.py): keypoint alignment, fix_face, retargeting and the V-Kps images through inference.py's
main() itself (inline truncation + F.interpolate, pipelines/utils.py retarget_kps, datasets/utils.py
draw_kps_image), the audio windows through VExpressPipeline.prepare_audio_embeddings. The one thing V-Express does
not have, our corrected retarget frame selection, is made by steering retarget_kps's own selection loop to the
frame with the closest ratio (V-Express's compute_ratio), so everything after the selection is still its code.
OpenCV's ellipse2Poly, torch's F.interpolate and transformers' waveform normalisation are tested directly. The
sample kps.pth sequences (AOC, tys, 10) are copied into the goldens, so the Java tests need neither Python nor
the samples.
"""
import argparse
import base64
import json
import math
import os
import zlib

import cv2
import numpy as np
import torch

from vexpress_reference import VExpress, versions

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..',
                   'vexpress-core', 'src', 'test', 'resources', 'golden', 'conditioning')


# ---------------------------------------------------------------- reference functions

VX = None  # vexpress_reference.VExpress: set by main(), or made from $VEXPRESS_DIR on first use by an importer


def vexpress():
    global VX
    if VX is None:
        VX = VExpress(os.environ.get('VEXPRESS_DIR'))
    return VX


def samples_for(video_length, fps=30.0):
    """A waveform length (16 kHz) for which inference.py's int(duration * fps) is exactly video_length."""
    samples = int((video_length + 0.5) * 16000 / fps)
    assert int(samples / 16000 * fps) == video_length
    return samples


def inference(seq, video_length, strategy, ref, closest_ratio=False):
    """inference.py from kps.pth to the drawn keypoints, with one context window of exactly video_length frames
    (context_frames = video_length, overlap 0), so any length can be reached."""
    r = vexpress().run_inference(reference_kps=ref, kps_sequence=[np.asarray(k, dtype=np.float32) for k in seq],
                         retarget_strategy=strategy, samples=samples_for(video_length),
                         context_frames=video_length, context_overlap=0, closest_ratio=closest_ratio)
    assert 'error' not in r and r['video_length'] == video_length, r
    return r


def align_kps(seq, video_length):
    # inference.py's truncation and F.interpolate(mode='linear'): the keypoints no_retarget draws
    return inference(seq, video_length, 'no_retarget', np.zeros((3, 2), np.float32))['kps']


def retarget_kps(ref, seq, video_length, only_offset, corrected):
    """inference.py + pipelines/utils.py retarget_kps on seq aligned to video_length; corrected=True makes its
    selection loop pick the frame with the really closest ratio (our fix), the rest is V-Express's code.
    Returns (selected frame, keypoints)."""
    r = inference(seq, video_length, 'offset_retarget' if only_offset else 'naive_retarget', ref,
                  closest_ratio=corrected)
    return r['selected'], r['kps']


def draw_kps_image(height, width, kps):
    return vexpress().draw.draw_kps_image(height, width, kps)  # datasets/utils.py


def audio_tokens(hidden, video_length, num_pad_audio_frames):
    # v_express_pipeline.py prepare_audio_embeddings, up to the audio projection
    return vexpress().audio_windows(hidden, video_length, num_pad_audio_frames)


def zero_mean_unit_var_norm(x):
    # transformers Wav2Vec2FeatureExtractor.zero_mean_unit_var_norm (no attention mask); transformers is not part
    # of V-Express's checkout, so its one-line formula is restated with its numpy number types
    return (x - x.mean()) / np.sqrt(x.var() + 1e-7)


# ---------------------------------------------------------------- helpers

def floats(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).reshape(-1)]


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype='<f4').tobytes()).decode('ascii')


def crc(canvas):
    return zlib.crc32(np.ascontiguousarray(canvas).tobytes()) & 0xFFFFFFFF


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
    print(f'{path}: {os.path.getsize(path)} bytes')


def load_samples(samples_dir):
    seqs = {}
    for name in ['AOC', 'tys', '10']:
        path = os.path.join(samples_dir, name, 'kps.pth')
        seqs[name] = torch.tensor(np.array(torch.load(path)))  # inference.py: torch.tensor(torch.load(...))
    return seqs


def synthetic_faces(rng, frames, cx, cy, scale, jitter):
    base = np.array([[-0.35, -0.2], [0.35, -0.2], [0.0, 0.15]], dtype=np.float64) * scale
    t = np.arange(frames)[:, None, None]
    motion = np.concatenate([np.sin(t * 0.13) * jitter, np.cos(t * 0.07) * jitter * 0.5], axis=2)
    noise = rng.normal(0, jitter * 0.1, size=(frames, 3, 2))
    seq = base[None] + motion + noise + np.array([cx, cy])
    return seq.astype(np.float32)


# ---------------------------------------------------------------- goldens

def main():
    ap = argparse.ArgumentParser()
    repo = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
    default = next((d for d in (os.path.join(repo, '..', 'shared', 'samples'), '/work/shared/samples')
                    if os.path.isdir(d)), None)
    ap.add_argument('--samples', default=default, help='folder with AOC/, tys/, 10/ holding kps.pth')
    ap.add_argument('--vexpress_dir', default=os.environ.get('VEXPRESS_DIR'),
                    help='V-Express checkout at 6814f7d (default $VEXPRESS_DIR)')
    args = ap.parse_args()
    if args.samples is None:
        ap.error('no samples folder found; pass --samples')
    global VX
    VX = VExpress(args.vexpress_dir)
    print('V-Express stages from', VX.directory, versions())
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20261126)
    samples = load_samples(args.samples)

    # 1. linear interpolation (keypoint alignment and audio resampling share it)
    interp = []
    for in_len, out_len, ch in [(5, 12, 3), (12, 5, 2), (7, 7, 4), (1, 6, 2), (6, 1, 2), (37, 48, 6),
                                (100, 40, 3), (49, 60, 5), (3, 1000, 1), (1000, 333, 1)]:
        x = torch.tensor(rng.normal(0, 10, size=(in_len, ch)).astype(np.float32))
        y = torch.nn.functional.interpolate(x.t()[None], size=out_len, mode='linear')[0].t()
        interp.append({'in_len': in_len, 'out_len': out_len, 'channels': ch,
                       'input': b64(x.numpy()), 'output': b64(y.numpy())})

    # 2. keypoints: sample sequences, alignment, retargeting
    refs = {
        'AOC_frame0': samples['AOC'][0].numpy(),
        'tys_frame50': samples['tys'][50].numpy(),
        'synthetic_tilted': np.array([[200.3, 230.7], [300.9, 220.1], [262.4, 290.8]], dtype=np.float32),
        'synthetic_nose_beyond_eyes': np.array([[220.0, 240.0], [290.0, 240.0], [330.5, 300.25]], dtype=np.float32),
    }
    sequences = {name: seq for name, seq in samples.items()}
    sequences['synthetic_wide'] = torch.tensor(synthetic_faces(rng, 40, 256, 260, 260, 12))
    sequences['synthetic_small_offcanvas'] = torch.tensor(synthetic_faces(rng, 25, 30, 500, 90, 40))
    kps_cases = []
    for seq_name, seq in sequences.items():
        n = seq.shape[0]
        for video_length in sorted({n, max(1, n - 17), n + 23, 2 * n + 1}):
            aligned = align_kps(seq, video_length)
            case = {'sequence': seq_name, 'video_length': video_length, 'aligned': b64(aligned), 'retarget': []}
            for ref_name, ref in refs.items():
                for compatible in (True, False):
                    sel, off = retarget_kps(ref, seq, video_length, only_offset=True, corrected=not compatible)
                    sel_naive, nav = retarget_kps(ref, seq, video_length, only_offset=False, corrected=not compatible)
                    assert sel == sel_naive
                    case['retarget'].append({'reference': ref_name, 'reference_compatible': compatible,
                                             'selected': sel, 'offset': b64(off), 'naive': b64(nav)})
            kps_cases.append(case)
    write('keypoints.json', {
        'sequences': {k: {'frames': int(v.shape[0]), 'xy': b64(v.numpy())} for k, v in sequences.items()},
        'references': {k: floats(v) for k, v in refs.items()},
        'cases': kps_cases,
    })
    write('interpolation.json', {'cases': interp})

    # 3. rendering: per-frame CRC32 of the RGB bytes, plus a few full frames as PNG
    render_sets = []

    def add_set(name, frames_xy, height, width, png_frames=()):
        crcs = []
        for i, kps in enumerate(frames_xy):
            canvas = draw_kps_image(height, width, torch.tensor(kps))
            crcs.append(crc(canvas))
            if i in png_frames:
                png = f'render_{name}_{i}.png'
                cv2.imwrite(os.path.join(OUT, png), cv2.cvtColor(canvas, cv2.COLOR_RGB2BGR))
        render_sets.append({'name': name, 'height': height, 'width': width,
                            'xy': b64(np.asarray(frames_xy, dtype=np.float32)), 'crc32': crcs,
                            'png_frames': list(png_frames)})

    for name, seq in samples.items():
        add_set(f'{name}_raw', seq.numpy(), 512, 512, png_frames=(0,) if name == 'AOC' else ())
        length = seq.shape[0] + 23
        add_set(f'{name}_aligned', align_kps(seq, length), 512, 512)
        for ref_name in ('AOC_frame0', 'synthetic_tilted'):
            add_set(f'{name}_offset_{ref_name}', retarget_kps(refs[ref_name], seq, length, True, False)[1], 512, 512)
            add_set(f'{name}_naive_{ref_name}', retarget_kps(refs[ref_name], seq, length, False, True)[1], 512, 512)
    add_set('tys_nonsquare', samples['tys'].numpy()[::7], 640, 384, png_frames=(3,))
    add_set('AOC_tiny', (samples['AOC'].numpy()[::9] / 8.0).astype(np.float32), 48, 64)
    # synthetic: random, near and beyond the border, far away, degenerate (coincident points)
    random_pts = rng.uniform(-120, 632, size=(300, 3, 2)).astype(np.float32)
    add_set('random', random_pts, 512, 512, png_frames=(7,))
    border = []
    edge_vals = [-9.0, -4.5, -3.99, -0.5, 0.0, 0.7, 3.5, 4.0, 507.3, 508.0, 511.0, 511.9, 512.0, 512.4, 515.99, 516.5, 530.0]
    for _ in range(400):
        border.append(rng.choice(edge_vals, size=(3, 2)) + rng.normal(0, 0.01, size=(3, 2)) * rng.integers(0, 2))
    add_set('border', np.array(border, dtype=np.float32), 512, 512, png_frames=(11,))
    far = rng.uniform(-20000, 20000, size=(150, 3, 2)).astype(np.float32)
    far[::3, 2] = rng.uniform(0, 512, size=(50, 2))  # long limbs that cross the canvas
    add_set('far', far, 512, 512, png_frames=(0,))
    degenerate = []
    for _ in range(60):
        p = rng.uniform(0, 512, size=(2,))
        q = rng.uniform(0, 512, size=(2,))
        degenerate.append([p, p, q])
        degenerate.append([p, q, p])
        degenerate.append([p, p, p])
        degenerate.append([p, q, [p[0], q[1]]])  # axis-aligned limbs
    add_set('degenerate', np.array(degenerate, dtype=np.float32), 512, 512)
    write('render.json', {'sets': render_sets})

    # ellipse2Poly directly, and OpenCV's sine table (axes of 1e7 expose its 7 decimals)
    polys = []
    for _ in range(80):
        c = (int(rng.integers(-600, 1200)), int(rng.integers(-600, 1200)))
        axes = (int(rng.integers(0, 400)), int(rng.integers(0, 8)))
        angle = int(rng.integers(-540, 540))
        pts = cv2.ellipse2Poly(c, axes, angle, 0, 360, 1)
        polys.append({'center': list(c), 'axes': list(axes), 'angle': angle, 'points': pts.reshape(-1).tolist()})
    table = cv2.ellipse2Poly((0, 0), (10000000, 10000000), 0, 0, 360, 1)
    write('ellipse2poly.json', {'cases': polys, 'sin_table_e7_points': table.reshape(-1).tolist()})

    # 4. audio: tokens per frame and waveform normalisation
    audio_cases = []
    for rows, width, video_length, pad in [(37, 16, 24, 2), (100, 8, 20, 2), (7, 4, 5, 1), (13, 768, 4, 2),
                                           (50, 6, 30, 2), (9, 5, 9, 0), (64, 3, 16, 3)]:
        hidden = torch.tensor(rng.normal(0, 1, size=(1, rows, width)).astype(np.float32))
        tokens = audio_tokens(hidden, video_length, pad)
        audio_cases.append({'rows': rows, 'width': width, 'video_length': video_length, 'num_pad': pad,
                            'hidden': b64(hidden.numpy()), 'tokens': b64(tokens.numpy()),
                            'shape': list(tokens.shape)})
    t = np.arange(24000) / 16000.0
    wave = (0.3 * np.sin(2 * np.pi * 220 * t) + 0.05 * rng.normal(size=t.shape) + 0.02).astype(np.float32)
    # more lengths (around numpy's 8192-element buffers and 128-element pairwise blocks), inputs from an
    # integer formula the Java test repeats, outputs as CRC32 of the little-endian float32 bytes
    formula = []
    for n in [1, 5, 127, 128, 129, 1000, 8191, 8192, 8193, 16385, 40000, 160000]:
        i = np.arange(n, dtype=np.int64)
        x = ((((i * 7919) % 10007) / 10007.0 - 0.5) * 0.6 + 0.013).astype(np.float32)
        y = zero_mean_unit_var_norm(x)
        formula.append({'length': n, 'crc32': zlib.crc32(np.ascontiguousarray(y, dtype='<f4').tobytes()) & 0xFFFFFFFF,
                        'head': floats(y[:4])})
    write('audio.json', {'cases': audio_cases,
                         'waveform': {'input': b64(wave), 'normalized': b64(zero_mean_unit_var_norm(wave))},
                         'waveform_formula': formula})


if __name__ == '__main__':
    main()
