#!/usr/bin/env python3
"""torch-2 goldens for linear interpolation (F.interpolate(mode='linear'), align_corners=False).

V-Express pins torch 2.0.1. Its CPU and CUDA kernels round differently from Debian's torch 1.13 (which
conditioning.py uses): the source position is one float fused multiply-add instead of a double
expression. Debian has no torch 2, so this script is self-contained (inputs from an integer formula the
Java test repeats; needs only torch and numpy) and is meant to run wherever a torch 2.x is installed:

    OUT=vexpress-core/src/test/resources/golden/conditioning python3 tools/goldens/conditioning_torch2.py

The committed torch2_interp.json was made with torch 2.11.0+cu130 (CPU and CUDA results both stored; they
are identical).
"""
import base64
import json
import os

import numpy as np
import torch

CASES = [(5, 12, 3), (12, 5, 2), (37, 48, 6), (100, 40, 3), (49, 60, 5), (3, 1000, 1), (1000, 333, 1),
         (137, 160, 6), (100, 123, 6), (200, 48, 4), (1, 6, 2), (7, 7, 2)]


def inputs(rows, channels):
    # exactly representable integer arithmetic, then one double division and subtraction, then float32
    return np.array([[((i * 7919 + k * 104729) % 10007) / 37.0 - 135.2 for k in range(channels)]
                     for i in range(rows)], dtype=np.float32)


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a, dtype='<f4').tobytes()).decode()


def main():
    result = {'torch': torch.__version__, 'cases': CASES, 'cpu': [], 'cuda': []}
    for rows, out_len, channels in CASES:
        x = torch.tensor(inputs(rows, channels))

        def resample(t):
            return torch.nn.functional.interpolate(t.t()[None], size=out_len, mode='linear')[0].t()

        result['cpu'].append(b64(resample(x).numpy()))
        result['cuda'].append(b64(resample(x.cuda()).cpu().numpy()) if torch.cuda.is_available() else None)
    out = os.environ.get('OUT', '.')
    with open(os.path.join(out, 'torch2_interp.json'), 'w') as f:
        json.dump(result, f)
    print('ok', torch.__version__)


if __name__ == '__main__':
    main()
