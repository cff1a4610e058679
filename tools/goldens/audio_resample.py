#!/usr/bin/python3
"""Goldens for io.vexpress.core.audio.SincResampler (torchaudio.functional.resample, torchaudio 0.13).

Rerun from the repository root with Debian's torch/torchaudio:
    /usr/bin/python3 tools/goldens/audio_resample.py

Writes vexpress-core/src/test/resources/golden/audio_resample/:
  <from>_<to>_in.f32    input signal, float32 little-endian, interleaved [frames, channels]
  <from>_<to>_out.f32   torchaudio.functional.resample(x, from, to) with the defaults
                        (sinc_interpolation, lowpass_filter_width=6, rolloff=0.99), same layout
  cases.txt             one line per case: from to channels in_frames out_frames
Signals: 440 Hz sine plus a chirp up to near the source Nyquist (exercises the low-pass), plus a
click, 0.2 s long; the stereo case's second channel is a 1 kHz cosine.
"""
import math
import os

import numpy as np
import torch
import torchaudio.functional as F

CASES = [(44100, 16000, 1), (48000, 16000, 1), (22050, 16000, 1), (8000, 16000, 1),
         (11025, 16000, 1), (32000, 16000, 1), (44100, 16000, 2), (16000, 44100, 1)]
OUT = "vexpress-core/src/test/resources/golden/audio_resample"


def signal(rate, channels):
    n = int(0.2 * rate)
    t = np.arange(n, dtype=np.float64) / rate
    dur = n / rate
    f1 = 0.45 * rate
    chirp = np.sin(2 * math.pi * (50 * t + (f1 - 50) / (2 * dur) * t * t))
    x = 0.5 * np.sin(2 * math.pi * 440 * t) + 0.3 * chirp
    x[n // 3] += 0.15
    chans = [x]
    if channels == 2:
        chans.append(0.6 * np.cos(2 * math.pi * 1000 * t))
    return np.stack(chans).astype(np.float32)  # [channels, frames]


def main():
    os.makedirs(OUT, exist_ok=True)
    lines = []
    for src, dst, ch in CASES:
        x = signal(src, ch)
        y = F.resample(torch.from_numpy(x), src, dst).numpy()
        name = f"{src}_{dst}" + ("_stereo" if ch == 2 else "")
        x.T.astype("<f4").tofile(os.path.join(OUT, name + "_in.f32"))
        y.T.astype("<f4").tofile(os.path.join(OUT, name + "_out.f32"))
        lines.append(f"{name} {src} {dst} {ch} {x.shape[1]} {y.shape[1]}")
    with open(os.path.join(OUT, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
