#!/usr/bin/python3
"""Writes the kps.pth files that vexpress-benchmarks' KpsParseBenchmark parses.

Run from the repository root with Debian's PyTorch (torch 1.13) and numpy:

    /usr/bin/python3 tools/benchmarks/make_kps_files.py

V-Express's extraction script saves `torch.save(kps_sequence, path)` where kps_sequence is a Python list of
float32 numpy arrays of shape (3, 2), one per video frame. This writes two such files with a smooth made-up
head motion: 137 frames (the length of V-Express's short test sample) and 1800 frames (one minute at 30 fps),
into vexpress-benchmarks/src/main/resources/io/vexpress/benchmarks/kps/.
"""
import os

import numpy as np
import torch

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'vexpress-benchmarks', 'src', 'main', 'resources', 'io', 'vexpress', 'benchmarks', 'kps')


def sequence(frames):
    rest = np.array([[206, 236], [306, 236], [256, 296]], dtype=np.float32)
    out = []
    for i in range(frames):
        t = i / 30.0
        shift = np.array([6 * np.sin(2 * np.pi * 0.35 * t), 4 * np.sin(2 * np.pi * 0.8 * t)], dtype=np.float32)
        out.append((rest + shift).astype(np.float32))
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for frames in (137, 1800):
        path = os.path.join(OUT, f'vexpress_list_{frames}.pth')
        torch.save(sequence(frames), path)
        back = torch.load(path)
        assert len(back) == frames and back[0].shape == (3, 2) and back[0].dtype == np.float32
        print(f'wrote {path} ({os.path.getsize(path)} bytes)')


if __name__ == '__main__':
    main()
