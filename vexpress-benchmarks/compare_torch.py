#!/usr/bin/python3
"""Times the diffusion loop's arithmetic in torch eager (CPU, float32) exactly as diffusers / V-Express write it,
and prints ns/element next to the Java JMH results with the ratio torch / Java (> 1: Java is faster).

Usage (normally through diffusion-vs-torch.sh, which runs JMH first):
    /usr/bin/python3 vexpress-benchmarks/compare_torch.py [jmh-result.json]
TORCH_THREADS=2 gives torch two intra-op threads (the default is what torch picks, 1 on the helper machines).
It prints glibc's allocator settings from the environment and the page faults of the timed code: with glibc's
default (dynamic) mmap threshold, torch's 1.6 MB temporaries may each be a fresh mmap, which shows as hundreds
of thousands of minor faults and much slower times (diffusion-vs-torch.sh runs both ways).
"""
import json
import os
import resource
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "goldens"))
from diffusion import DDIM, cfg  # noqa: E402  (the scheduler formulas of the golden values)

SHAPE = (1, 4, 24, 64, 64)
ELEMENTS = 4 * 24 * 64 * 64


def timed(fn, reps=30, rounds=7):
    for _ in range(5):
        fn()
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            fn()
        samples.append((time.perf_counter() - t0) / reps)
    return statistics.median(samples)


def main():
    if os.environ.get("TORCH_THREADS"):
        torch.set_num_threads(int(os.environ["TORCH_THREADS"]))
    g = torch.Generator().manual_seed(42)
    sample = torch.randn(SHAPE, generator=g)
    model_output = torch.randn(SHAPE, generator=g)
    # diffusers' DDIMScheduler.step as the goldens script writes it out (v-prediction, zero SNR, eta 0)
    scheduler = DDIM(cfg())
    scheduler.set_timesteps(25)

    def ddim_step():  # step 12 of 25
        return scheduler.step(model_output, 519, sample)

    doubled = torch.randn((2,) + SHAPE[1:], generator=g)

    def guidance():  # VExpressPipeline: noise_pred_uncond + guidance_scale * (noise_pred_text - noise_pred_uncond)
        noise_pred_uncond, noise_pred_text = doubled.chunk(2)
        return noise_pred_uncond + 3.5 * (noise_pred_text - noise_pred_uncond)

    window_pred = torch.randn(SHAPE, generator=g)
    frames = 44
    queue = [list(range(0, 24)), list(range(20, 44))]
    num_frame_context = torch.zeros(frames, dtype=torch.long)
    for c in queue:
        num_frame_context[c] += 1

    def accumulation():  # VExpressPipeline's per-frame mean-overlap bookkeeping for one step (two windows)
        context_counter = torch.zeros(frames, dtype=torch.long)
        noise_preds = [None] * frames
        for context in queue:
            noise_pred = window_pred.clone()  # the model returns a fresh tensor per window
            context_counter[context] += 1
            noise_pred /= num_frame_context[context][None, None, :, None, None]
            for latent_idx, frame_idx in enumerate(context):
                if noise_preds[frame_idx] is None:
                    noise_preds[frame_idx] = noise_pred[:, :, latent_idx, ...]
                else:
                    noise_preds[frame_idx] += noise_pred[:, :, latent_idx, ...]
                if context_counter[frame_idx] == num_frame_context[frame_idx]:
                    noise_preds[frame_idx] = None
        return noise_preds

    faults_before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    clone_only = timed(lambda: window_pred.clone())
    torch_ns = {
        "ddimStep": timed(ddim_step) * 1e9 / ELEMENTS,
        "guidanceCombine": timed(guidance) * 1e9 / ELEMENTS,
        # the clone stands in for the model's output tensor; it is not part of the bookkeeping
        "perFrameAccumulation": (timed(accumulation, reps=10) - 2 * clone_only) * 1e9 / (2 * ELEMENTS),
    }
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_before
    elements = {"ddimStep": ELEMENTS, "guidanceCombine": ELEMENTS, "perFrameAccumulation": 2 * ELEMENTS}

    java_ns = {}
    if len(sys.argv) > 1:
        for r in json.load(open(sys.argv[1])):
            name = r["benchmark"].rsplit(".", 1)[1]
            unit = r["primaryMetric"]["scoreUnit"]
            scale = {"us/op": 1e3, "ns/op": 1.0, "ms/op": 1e6}[unit]
            java_ns[name] = r["primaryMetric"]["score"] * scale / elements[name]

    allocator = " ".join(f"{k}={os.environ[k]}" for k in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")
                         if k in os.environ) or "glibc defaults"
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, allocator: {allocator}, "
          f"{faults} minor page faults while timing; Java: JMH, 1 thread")
    print(f"{'operation':<22}{'torch ns/elem':>15}{'Java ns/elem':>15}{'torch/Java':>12}")
    for name, t_ns in torch_ns.items():
        j = java_ns.get(name)
        if j is None:
            print(f"{name:<22}{t_ns:>15.3f}{'-':>15}{'-':>12}")
        else:
            print(f"{name:<22}{t_ns:>15.3f}{j:>15.3f}{t_ns / j:>12.2f}")


if __name__ == "__main__":
    main()
