#!/usr/bin/python3
"""Golden values for vexpress-core's diffusion code (scheduler, seeded noise, context windows, window loop, video
length), made by the reference's own code: diffusers 0.29.2's DDIMScheduler and DPMSolverMultistepScheduler,
torch.randn, and V-Express's pipelines/context.py uniform(), VExpressPipeline.mean_overlap and inference.py
(imported from the pinned checkout, see vexpress_reference.py).

Run from the repository root with Debian's torch 1.13 (not the pyenv python), a V-Express checkout at commit
6814f7d and diffusers 0.29.2 importable (on the project machine: `source /work/vxenv/env.sh`):

    /usr/bin/python3 tools/goldens/diffusion.py [--vexpress_dir $VEXPRESS_DIR]

It rewrites vexpress-core/src/test/resources/golden/diffusion/*.json. torch.randn is drawn twice, in child
processes with ATEN_CPU_CAPABILITY=default (torch's scalar kernel) and =avx2 (its vectorised kernel, which
AVX-512 machines also run), because the two differ in the last bits for float32 tensors of 16+ elements.
Sanity anchor: the 25-step DDIM table in /work/shared/reference/ddim-vexpress-25-steps.json (made with
diffusers elsewhere) is checked before anything is written, when that file exists.
"""
import argparse
import inspect
import json
import os
import subprocess
import sys
import tempfile
import zlib

import numpy as np
import torch

from vexpress_reference import VEXPRESS_COMMIT, VExpress, versions

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                   "vexpress-core", "src", "test", "resources", "golden", "diffusion")
REFERENCE_TABLE = "/work/shared/reference/ddim-vexpress-25-steps.json"


def floats(t):
    return [float(x) for x in t.detach().reshape(-1).to(torch.float32).tolist()]


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print("wrote", name, os.path.getsize(os.path.join(OUT, name)), "bytes")


# ---------------------------------------------------------------- schedulers (diffusers 0.29.2 itself)

def _diffusers_kwargs(cls, cfg):
    accepted = inspect.signature(cls.__init__).parameters
    return {k: v for k, v in cfg.items() if k in accepted}


class DDIM:
    """diffusers.DDIMScheduler with the step signature the goldens use."""

    def __init__(self, cfg):
        from diffusers import DDIMScheduler
        self.s = DDIMScheduler(**_diffusers_kwargs(DDIMScheduler, cfg))
        self.betas = self.s.betas
        self.alphas_cumprod = self.s.alphas_cumprod

    def set_timesteps(self, num_inference_steps):
        self.s.set_timesteps(num_inference_steps)
        self.timesteps = self.s.timesteps

    def step(self, model_output, timestep, sample, eta=0.0, variance_noise=None):
        return self.s.step(model_output, timestep, sample, eta=eta, variance_noise=variance_noise).prev_sample


class DPMSolverPP2M:
    """diffusers.DPMSolverMultistepScheduler as the engine runs it: dpmsolver++, order 2, midpoint,
    lower_order_final, final sigma 0."""

    def __init__(self, cfg):
        from diffusers import DPMSolverMultistepScheduler
        kwargs = _diffusers_kwargs(DPMSolverMultistepScheduler, cfg)
        kwargs.update(algorithm_type="dpmsolver++", solver_order=2, solver_type="midpoint", lower_order_final=True,
                      final_sigmas_type="zero")
        self.s = DPMSolverMultistepScheduler(**kwargs)
        self.alphas_cumprod = self.s.alphas_cumprod

    def set_timesteps(self, num_inference_steps):
        self.s.set_timesteps(num_inference_steps)
        self.timesteps = self.s.timesteps
        self.sigmas = self.s.sigmas
        self.index = 0

    def step(self, model_output, sample):
        t = self.timesteps[self.index]
        self.index += 1
        return self.s.step(model_output, t, sample).prev_sample


VEXPRESS = dict(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                clip_sample=False, clip_sample_range=1.0, set_alpha_to_one=True, steps_offset=1,
                prediction_type="v_prediction", rescale_betas_zero_snr=True, timestep_spacing="trailing")


def cfg(**kw):
    c = dict(VEXPRESS)
    c.update(kw)
    return c


def check_reference_table():
    ref = json.load(open(REFERENCE_TABLE))
    s = DDIM(cfg(**{k: v for k, v in ref["config"].items() if k in VEXPRESS}))
    s.set_timesteps(ref["num_inference_steps"])
    assert s.timesteps.tolist() == ref["timesteps"], "timesteps differ from the diffusers table"
    ours = [float(s.alphas_cumprod[t]) for t in ref["timesteps"]]
    assert ours == ref["alpha_prod_t"], "alphas_cumprod differ from the diffusers table"
    prev = [t - 1000 // 25 for t in ref["timesteps"]]
    assert prev == ref["prev_timesteps"]
    print("reference table reproduced exactly")


SCHEDULE_CONFIGS = {
    "vexpress": cfg(),
    "linear": cfg(beta_schedule="linear", beta_start=0.0001, beta_end=0.02, rescale_betas_zero_snr=False),
    "linear_zero_snr": cfg(beta_schedule="linear", beta_start=0.0001, beta_end=0.02),
    "scaled_linear": cfg(rescale_betas_zero_snr=False),
    "squaredcos_cap_v2": cfg(beta_schedule="squaredcos_cap_v2", rescale_betas_zero_snr=False),
    "squaredcos_cap_v2_zero_snr": cfg(beta_schedule="squaredcos_cap_v2"),
    "scaled_linear_500": cfg(num_train_timesteps=500, rescale_betas_zero_snr=False),
}


def schedules():
    out = {}
    for name, c in SCHEDULE_CONFIGS.items():
        d = DDIM(c)
        out[name] = dict(config=c, alphas_cumprod=floats(d.alphas_cumprod), betas=floats(d.betas))
    out["dpm_vexpress_alphas_cumprod"] = floats(DPMSolverPP2M(cfg()).alphas_cumprod)
    write("schedules.json", out)


def crc(ts):
    return zlib.crc32(np.asarray(ts, dtype="<i8").tobytes())


def timesteps():
    out = {}
    for kind in ("ddim", "dpm"):
        for spacing in ("leading", "trailing", "linspace"):
            c = cfg(timestep_spacing=spacing)
            s = DDIM(c) if kind == "ddim" else DPMSolverPP2M(c)
            rows = []
            full = {}
            for n in range(1, 1001):
                s.set_timesteps(n)
                ts = s.timesteps.tolist()
                rows.append([n, len(ts), crc(ts)])
                if n in (1, 2, 3, 7, 10, 25, 33, 50, 999, 1000):
                    full[str(n)] = ts
            out[kind + "_" + spacing] = dict(crc32=rows, full=full)
    write("timesteps.json", out)


def ddim_steps():
    g = torch.Generator().manual_seed(7)
    shape = (1, 4, 3, 4, 4)
    cases = []
    variants = {
        "vexpress": (cfg(), 0.0),
        "epsilon_leading_no_alpha_one": (cfg(prediction_type="epsilon", timestep_spacing="leading",
                                             set_alpha_to_one=False, rescale_betas_zero_snr=False), 0.0),
        "sample_linspace": (cfg(prediction_type="sample", timestep_spacing="linspace",
                                rescale_betas_zero_snr=False), 0.0),
        "vexpress_eta": (cfg(), 0.7),
        "epsilon_clip": (cfg(prediction_type="epsilon", clip_sample=True, clip_sample_range=0.5,
                             rescale_betas_zero_snr=False, beta_schedule="linear", beta_start=0.0001,
                             beta_end=0.02), 0.0),
    }
    for name, (c, eta) in variants.items():
        for steps in (25, 7, 1):
            s = DDIM(c)
            s.set_timesteps(steps)
            n = len(s.timesteps)
            for i in sorted({0, 1 % n, n // 2, n - 1}):
                sample = torch.randn(shape, generator=g)
                model_output = torch.randn(shape, generator=g)
                noise = torch.randn(shape, generator=g)
                prev = s.step(model_output, int(s.timesteps[i]), sample, eta=eta, variance_noise=noise)
                cases.append(dict(variant=name, config=c, eta=eta, steps=steps, step_index=i,
                                  timestep=int(s.timesteps[i]), shape=list(shape), sample=floats(sample),
                                  model_output=floats(model_output), noise=floats(noise), prev_sample=floats(prev)))
    write("ddim_steps.json", cases)


def dpm_trajectories():
    g = torch.Generator().manual_seed(11)
    shape = (1, 4, 2, 3, 3)
    out = []
    for name, c in (("vexpress", cfg()), ("epsilon_leading", cfg(prediction_type="epsilon",
                                                                  timestep_spacing="leading",
                                                                  rescale_betas_zero_snr=False)),
                    ("sample_linspace", cfg(prediction_type="sample", timestep_spacing="linspace"))):
        for steps in (10, 1, 3, 20):
            s = DPMSolverPP2M(c)
            s.set_timesteps(steps)
            sample = torch.randn(shape, generator=g)
            start = sample.clone()
            outputs, samples = [], []
            for i in range(len(s.timesteps)):
                # model output depends on the sample, like a real model, so errors would compound
                m = 0.3 * sample + 0.5 * torch.randn(shape, generator=g)
                outputs.append(floats(m))
                sample = s.step(m, sample)
                samples.append(floats(sample))
            out.append(dict(variant=name, config=c, steps=steps, timesteps=s.timesteps.tolist(),
                            sigmas=floats(s.sigmas), shape=list(shape), initial=floats(start),
                            model_outputs=outputs, samples=samples))
    write("dpm_trajectories.json", out)


# ---------------------------------------------------------------- torch.randn streams

RANDN_BIG = (1, 4, 24, 64, 64)
RANDN_SEEDS = (0, 42, 1234567890123)
RANDN_SHAPES = ((1,), (7,), (15,), (16,), (17,), (33,), (100,), RANDN_BIG)
RANDN_SEQUENCE = (3, 5, 20, 1, 2, 16, 4)


def randn_draws():
    """Every draw the goldens need, in this process's kernel (see randn_goldens)."""
    draws = {}
    for dtype in (torch.float32, torch.float16):
        for seed in RANDN_SEEDS:
            for shape in RANDN_SHAPES:
                torch.manual_seed(seed)
                draws[f"{dtype}/{seed}/{shape}"] = torch.randn(shape, dtype=dtype).to(torch.float32).reshape(-1)
            torch.manual_seed(seed)  # consecutive draws from one generator
            for i, n in enumerate(RANDN_SEQUENCE):
                draws[f"{dtype}/{seed}/seq{i}"] = torch.randn(n, dtype=dtype).to(torch.float32)
    return draws


def randn_in_kernel(capability):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "draws.pt")
        env = dict(os.environ, ATEN_CPU_CAPABILITY=capability)
        subprocess.run([sys.executable, os.path.abspath(__file__), "--randn_draws", path], env=env, check=True)
        return torch.load(path)


def randn_goldens():
    """"values": torch's scalar kernel (ATEN_CPU_CAPABILITY=default), which TorchGenerator reproduces;
    "values_avx2": the vectorised kernel torch picks on AVX2 and AVX-512 machines (float32 16+ elements differ)."""
    scalar, avx2 = randn_in_kernel("default"), randn_in_kernel("avx2")
    out = []
    for dtype in (torch.float32, torch.float16):
        name = str(dtype).replace("torch.", "")
        for seed in RANDN_SEEDS:
            for shape in RANDN_SHAPES:
                key = f"{dtype}/{seed}/{shape}"
                x, y = scalar[key], avx2[key]
                n = x.numel()
                rec = dict(dtype=name, seed=seed, shape=list(shape))
                if n <= 100:
                    rec["values"] = floats(x)
                    rec["values_avx2"] = floats(y)
                else:
                    idx = list(range(0, 64)) + list(range(64, n - 64, 997)) + list(range(n - 64, n))
                    rec["indices"] = idx
                    rec["values"] = floats(x[idx])
                    rec["values_avx2"] = floats(y[idx])
                    rec["sum"] = float(x.double().sum())
                    rec["sum_squares"] = float((x.double() ** 2).sum())
                    rec["max_abs_avx2_difference"] = float((x.double() - y.double()).abs().max())
                out.append(rec)
            seq = [scalar[f"{dtype}/{seed}/seq{i}"] for i in range(len(RANDN_SEQUENCE))]
            seq_avx2 = [avx2[f"{dtype}/{seed}/seq{i}"] for i in range(len(RANDN_SEQUENCE))]
            out.append(dict(dtype=name, seed=seed, sequence=list(RANDN_SEQUENCE), values=[floats(v) for v in seq],
                            values_avx2=[floats(v) for v in seq_avx2]))
    write("randn.json", out)


# ---------------------------------------------------------------- V-Express's context windows, loop, video length

def windows_goldens():
    out = []
    for frames in list(range(1, 80)) + [100, 137, 200, 223]:
        for size, overlap in ((24, 4), (12, 4), (16, 8), (8, 0), (5, 4)):
            q = VX.uniform_windows(frames, size, overlap)
            counts = torch.zeros(frames, dtype=torch.long)
            for c in q:
                counts[c] += 1  # VExpressPipeline's num_frame_context
            out.append(dict(frames=frames, size=size, overlap=overlap, windows=q, coverage=counts.tolist()))
    write("windows.json", out)


class AnalyticUNet(torch.nn.Module):
    """A denoiser with a known closed form in the denoising UNet's place: conditional half
    0.8 x + 0.01 frame - t / 1000, unconditional half 0.5 x + 0.02. The frame index comes from the keypoint
    features, which vexpress_reference.mean_overlap fills with it."""

    def forward(self, sample, timestep, encoder_hidden_states=None, kps_features=None, return_dict=False):
        frame = kps_features[-1:, :1]
        cond = 0.8 * sample[-1:] + 0.01 * frame - (int(timestep) / 1000.0)
        if sample.shape[0] == 1:
            return (cond,)
        return (torch.cat([0.5 * sample[:1] + 0.02, cond], dim=0),)


def loop_goldens():
    out = []
    for frames, size, overlap, steps, g, eta in ((44, 24, 4, 5, 3.5, 0.0), (30, 24, 4, 4, 3.5, 0.0),
                                                 (30, 24, 4, 3, 1.0, 0.0), (10, 24, 4, 3, 3.5, 0.0),
                                                 (37, 12, 4, 3, 2.0, 0.0), (23, 8, 3, 2, 3.5, 0.0),
                                                 (29, 8, 6, 2, 3.5, 0.0),
                                                 (30, 24, 4, 3, 3.5, 0.5)):
        initial, final = VX.mean_overlap(AnalyticUNet(), frames=frames, latent_height=2, latent_width=3,
                                         latent_channels=4, steps=steps, guidance_scale=g,
                                         context_frames=size, context_overlap=overlap, seed=frames, eta=eta)
        out.append(dict(frames=frames, size=size, overlap=overlap, steps=steps, guidance_scale=g, eta=eta,
                        seed=frames, shape=list(initial.shape), initial=floats(initial), final=floats(final)))
    write("loop.json", out)


def video_length_goldens():
    """inference.py's video length and fps (compute_num_context, compute_context_indices, video_length / duration)
    for audio lengths around window boundaries; "error" where inference.py itself fails (audio shorter than one
    context window: its context_indices list is empty)."""
    reference = np.array([[200.0, 230.0], [300.0, 230.0], [250.0, 290.0]], dtype=np.float32)
    cases = []
    for fps in (30.0, 25.0, 24.0, 29.97, 12.5):
        for frames, overlap in ((24, 4), (16, 8), (12, 0), (8, 3)):
            step = frames - overlap
            lengths = {1, frames - 1, frames, frames + 1, frames + step - 1, frames + step, 3 * step + frames + 2}
            samples = set()
            for n in lengths:
                for d in (-1, 0, 1):  # the sample counts around int(duration * fps) = n
                    samples.add(max(1, int(n * 16000 / fps) + d))
            samples.update({int(s * 16000) for s in (3.7, 10.0, 61.3)})
            for count in sorted(samples):
                r = VX.run_inference(reference_kps=reference, samples=count, fps=fps, context_frames=frames,
                                     context_overlap=overlap, width=64, height=64)
                case = dict(samples=count, sample_rate=16000, fps=fps, context_frames=frames,
                            context_overlap=overlap)
                if "error" in r:
                    case["error"] = r["error"]
                else:
                    case.update(video_length=r["video_length"], exact_fps=r["fps"])
                cases.append(case)
    write("video_lengths.json", dict(source="V-Express inference.py main() (commit %s), stubs for models and I/O"
                                     % VEXPRESS_COMMIT, cases=cases))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--randn_draws":  # child process of randn_in_kernel
        torch.set_num_threads(1)
        torch.save(randn_draws(), sys.argv[2])
        sys.exit(0)
    ap = argparse.ArgumentParser()
    ap.add_argument("--vexpress_dir", default=os.environ.get("VEXPRESS_DIR"),
                    help="V-Express checkout at 6814f7d (default $VEXPRESS_DIR)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    VX = VExpress(args.vexpress_dir)
    print("made with", versions())
    if os.path.exists(REFERENCE_TABLE):
        check_reference_table()
    schedules()
    timesteps()
    ddim_steps()
    dpm_trajectories()
    randn_goldens()
    windows_goldens()
    loop_goldens()
    video_length_goldens()
