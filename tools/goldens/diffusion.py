#!/usr/bin/python3
"""Golden values for vexpress-core's diffusion code (scheduler, seeded noise, window loop).

Run from the repository root with Debian's torch (not the pyenv python):

    /usr/bin/python3 tools/goldens/diffusion.py

It rewrites vexpress-core/src/test/resources/golden/diffusion/*.json.

diffusers is not installed here, so the DDIM and DPM-Solver++ formulas below are written out from diffusers
0.29.2's scheduling_ddim.py / scheduling_dpmsolver_multistep.py with the same torch and numpy operations in the
same order; the window loop reproduces V-Express's VExpressPipeline.__call__ and pipelines/context.py::uniform.
Sanity anchor: the 25-step DDIM table in /work/shared/reference/ddim-vexpress-25-steps.json (made with real
diffusers) is checked against this script's schedule before anything is written.
"""
import json
import math
import os
import zlib

import numpy as np
import torch

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


# ---------------------------------------------------------------- schedules (diffusers 0.29.2 formulas)

def betas_for_alpha_bar(n, max_beta=0.999):
    def alpha_bar_fn(t):
        return math.cos((t + 0.008) / 1.008 * math.pi / 2) ** 2
    betas = []
    for i in range(n):
        t1 = i / n
        t2 = (i + 1) / n
        betas.append(min(1 - alpha_bar_fn(t2) / alpha_bar_fn(t1), max_beta))
    return torch.tensor(betas, dtype=torch.float32)


def rescale_zero_terminal_snr(betas):
    alphas = 1.0 - betas
    alphas_cumprod = torch.cumprod(alphas, dim=0)
    alphas_bar_sqrt = alphas_cumprod.sqrt()
    alphas_bar_sqrt_0 = alphas_bar_sqrt[0].clone()
    alphas_bar_sqrt_T = alphas_bar_sqrt[-1].clone()
    alphas_bar_sqrt -= alphas_bar_sqrt_T
    alphas_bar_sqrt *= alphas_bar_sqrt_0 / (alphas_bar_sqrt_0 - alphas_bar_sqrt_T)
    alphas_bar = alphas_bar_sqrt ** 2
    alphas = alphas_bar[1:] / alphas_bar[:-1]
    alphas = torch.cat([alphas_bar[0:1], alphas])
    betas = 1 - alphas
    return betas


def make_betas(cfg):
    n = cfg["num_train_timesteps"]
    if cfg["beta_schedule"] == "linear":
        betas = torch.linspace(cfg["beta_start"], cfg["beta_end"], n, dtype=torch.float32)
    elif cfg["beta_schedule"] == "scaled_linear":
        betas = torch.linspace(cfg["beta_start"] ** 0.5, cfg["beta_end"] ** 0.5, n, dtype=torch.float32) ** 2
    elif cfg["beta_schedule"] == "squaredcos_cap_v2":
        betas = betas_for_alpha_bar(n)
    else:
        raise ValueError(cfg["beta_schedule"])
    if cfg["rescale_betas_zero_snr"]:
        betas = rescale_zero_terminal_snr(betas)
    return betas


class DDIM:
    """DDIMScheduler.__init__/set_timesteps/step of diffusers 0.29.2."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.betas = make_betas(cfg)
        self.alphas = 1.0 - self.betas
        self.alphas_cumprod = torch.cumprod(self.alphas, dim=0)
        self.final_alpha_cumprod = torch.tensor(1.0) if cfg["set_alpha_to_one"] else self.alphas_cumprod[0]
        self.init_noise_sigma = 1.0

    def set_timesteps(self, num_inference_steps):
        T = self.cfg["num_train_timesteps"]
        self.num_inference_steps = num_inference_steps
        sp = self.cfg["timestep_spacing"]
        if sp == "linspace":
            timesteps = np.linspace(0, T - 1, num_inference_steps).round()[::-1].copy().astype(np.int64)
        elif sp == "leading":
            step_ratio = T // num_inference_steps
            timesteps = (np.arange(0, num_inference_steps) * step_ratio).round()[::-1].copy().astype(np.int64)
            timesteps += self.cfg["steps_offset"]
        elif sp == "trailing":
            step_ratio = T / num_inference_steps
            timesteps = np.round(np.arange(T, 0, -step_ratio)).astype(np.int64)
            timesteps -= 1
        self.timesteps = torch.from_numpy(timesteps)

    def _get_variance(self, timestep, prev_timestep):
        alpha_prod_t = self.alphas_cumprod[timestep]
        alpha_prod_t_prev = self.alphas_cumprod[prev_timestep] if prev_timestep >= 0 else self.final_alpha_cumprod
        beta_prod_t = 1 - alpha_prod_t
        beta_prod_t_prev = 1 - alpha_prod_t_prev
        return (beta_prod_t_prev / beta_prod_t) * (1 - alpha_prod_t / alpha_prod_t_prev)

    def step(self, model_output, timestep, sample, eta=0.0, variance_noise=None):
        prev_timestep = timestep - self.cfg["num_train_timesteps"] // self.num_inference_steps
        alpha_prod_t = self.alphas_cumprod[timestep]
        alpha_prod_t_prev = self.alphas_cumprod[prev_timestep] if prev_timestep >= 0 else self.final_alpha_cumprod
        beta_prod_t = 1 - alpha_prod_t
        pt = self.cfg["prediction_type"]
        if pt == "epsilon":
            pred_original_sample = (sample - beta_prod_t ** (0.5) * model_output) / alpha_prod_t ** (0.5)
            pred_epsilon = model_output
        elif pt == "sample":
            pred_original_sample = model_output
            pred_epsilon = (sample - alpha_prod_t ** (0.5) * pred_original_sample) / beta_prod_t ** (0.5)
        else:
            pred_original_sample = (alpha_prod_t ** 0.5) * sample - (beta_prod_t ** 0.5) * model_output
            pred_epsilon = (alpha_prod_t ** 0.5) * model_output + (beta_prod_t ** 0.5) * sample
        if self.cfg["clip_sample"]:
            r = self.cfg["clip_sample_range"]
            pred_original_sample = pred_original_sample.clamp(-r, r)
        variance = self._get_variance(timestep, prev_timestep)
        std_dev_t = eta * variance ** (0.5)
        pred_sample_direction = (1 - alpha_prod_t_prev - std_dev_t ** 2) ** (0.5) * pred_epsilon
        prev_sample = alpha_prod_t_prev ** (0.5) * pred_original_sample + pred_sample_direction
        if eta > 0:
            prev_sample = prev_sample + std_dev_t * variance_noise
        return prev_sample


class DPMSolverPP2M:
    """DPMSolverMultistepScheduler (algorithm dpmsolver++, order 2, midpoint, lower_order_final, final sigma 0)."""

    def __init__(self, cfg):
        self.cfg = cfg
        self.betas = make_betas(cfg)
        self.alphas = 1.0 - self.betas
        self.alphas_cumprod = torch.cumprod(self.alphas, dim=0)
        if cfg["rescale_betas_zero_snr"]:
            self.alphas_cumprod[-1] = 2 ** -24
        self.init_noise_sigma = 1.0
        self.solver_order = 2

    def set_timesteps(self, num_inference_steps):
        T = self.cfg["num_train_timesteps"]
        last_timestep = T  # lambda_min_clipped = -inf
        sp = self.cfg["timestep_spacing"]
        if sp == "linspace":
            timesteps = (np.linspace(0, last_timestep - 1, num_inference_steps + 1).round()[::-1][:-1]
                         .copy().astype(np.int64))
        elif sp == "leading":
            step_ratio = last_timestep // (num_inference_steps + 1)
            timesteps = ((np.arange(0, num_inference_steps + 1) * step_ratio).round()[::-1][:-1]
                         .copy().astype(np.int64))
            timesteps += self.cfg["steps_offset"]
        else:
            step_ratio = last_timestep / num_inference_steps
            timesteps = np.arange(last_timestep, 0, -step_ratio).round().copy().astype(np.int64)
            timesteps -= 1
        sigmas = np.array(((1 - self.alphas_cumprod) / self.alphas_cumprod) ** 0.5)
        sigmas = np.interp(timesteps, np.arange(0, len(sigmas)), sigmas)
        sigmas = np.concatenate([sigmas, [0.0]]).astype(np.float32)
        self.sigmas = torch.from_numpy(sigmas)
        self.timesteps = torch.from_numpy(timesteps).to(dtype=torch.int64)
        self.num_inference_steps = len(timesteps)
        self.model_outputs = [None] * self.solver_order
        self.lower_order_nums = 0
        self.step_index = 0

    @staticmethod
    def _sigma_to_alpha_sigma_t(sigma):
        alpha_t = 1 / ((sigma ** 2 + 1) ** 0.5)
        sigma_t = sigma * alpha_t
        return alpha_t, sigma_t

    def convert_model_output(self, model_output, sample):
        sigma = self.sigmas[self.step_index]
        alpha_t, sigma_t = self._sigma_to_alpha_sigma_t(sigma)
        pt = self.cfg["prediction_type"]
        if pt == "epsilon":
            return (sample - sigma_t * model_output) / alpha_t
        if pt == "sample":
            return model_output
        return alpha_t * sample - sigma_t * model_output

    def first_order(self, model_output, sample):
        sigma_t, sigma_s = self.sigmas[self.step_index + 1], self.sigmas[self.step_index]
        alpha_t, sigma_t = self._sigma_to_alpha_sigma_t(sigma_t)
        alpha_s, sigma_s = self._sigma_to_alpha_sigma_t(sigma_s)
        lambda_t = torch.log(alpha_t) - torch.log(sigma_t)
        lambda_s = torch.log(alpha_s) - torch.log(sigma_s)
        h = lambda_t - lambda_s
        return (sigma_t / sigma_s) * sample - (alpha_t * (torch.exp(-h) - 1.0)) * model_output

    def second_order(self, sample):
        sigma_t, sigma_s0, sigma_s1 = (self.sigmas[self.step_index + 1], self.sigmas[self.step_index],
                                       self.sigmas[self.step_index - 1])
        alpha_t, sigma_t = self._sigma_to_alpha_sigma_t(sigma_t)
        alpha_s0, sigma_s0 = self._sigma_to_alpha_sigma_t(sigma_s0)
        alpha_s1, sigma_s1 = self._sigma_to_alpha_sigma_t(sigma_s1)
        lambda_t = torch.log(alpha_t) - torch.log(sigma_t)
        lambda_s0 = torch.log(alpha_s0) - torch.log(sigma_s0)
        lambda_s1 = torch.log(alpha_s1) - torch.log(sigma_s1)
        m0, m1 = self.model_outputs[-1], self.model_outputs[-2]
        h, h_0 = lambda_t - lambda_s0, lambda_s0 - lambda_s1
        r0 = h_0 / h
        D0, D1 = m0, (1.0 / r0) * (m0 - m1)
        return ((sigma_t / sigma_s0) * sample - (alpha_t * (torch.exp(-h) - 1.0)) * D0
                - 0.5 * (alpha_t * (torch.exp(-h) - 1.0)) * D1)

    def step(self, model_output, sample):
        n = len(self.timesteps)
        lower_order_final = (self.step_index == n - 1)  # final_sigmas_type == "zero"
        model_output = self.convert_model_output(model_output, sample)
        for i in range(self.solver_order - 1):
            self.model_outputs[i] = self.model_outputs[i + 1]
        self.model_outputs[-1] = model_output
        if self.lower_order_nums < 1 or lower_order_final:
            prev = self.first_order(model_output, sample)
        else:
            prev = self.second_order(sample)
        if self.lower_order_nums < self.solver_order:
            self.lower_order_nums += 1
        self.step_index += 1
        return prev


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
            rows = []
            full = {}
            for n in range(1, 1001):
                s = DDIM(c) if kind == "ddim" else None
                if kind == "ddim":
                    s.set_timesteps(n)
                    ts = s.timesteps.tolist()
                else:
                    s = DPMSolverPP2M.__new__(DPMSolverPP2M)
                    s.cfg = c
                    s.alphas_cumprod = SCHED_CACHE
                    s.solver_order = 2
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

def randn_goldens():
    big = (1, 4, 24, 64, 64)
    seeds = (0, 42, 1234567890123)
    out = []
    for dtype in (torch.float32, torch.float16):
        for seed in seeds:
            for shape in ((1,), (7,), (15,), (16,), (17,), (33,), (100,), big):
                torch.manual_seed(seed)
                x = torch.randn(shape, dtype=dtype).to(torch.float32).reshape(-1)
                n = x.numel()
                rec = dict(dtype=str(dtype).replace("torch.", ""), seed=seed, shape=list(shape))
                if n <= 100:
                    rec["values"] = floats(x)
                else:
                    idx = list(range(0, 64)) + list(range(64, n - 64, 997)) + list(range(n - 64, n))
                    rec["indices"] = idx
                    rec["values"] = floats(x[idx])
                    rec["sum"] = float(x.double().sum())
                    rec["sum_squares"] = float((x.double() ** 2).sum())
                out.append(rec)
            # consecutive draws from one generator: the scalar path caches the second Box-Muller value
            torch.manual_seed(seed)
            seq = [torch.randn(n, dtype=dtype).to(torch.float32) for n in (3, 5, 20, 1, 2, 16, 4)]
            out.append(dict(dtype=str(dtype).replace("torch.", ""), seed=seed, sequence=[3, 5, 20, 1, 2, 16, 4],
                            values=[floats(s) for s in seq]))
    write("randn.json", out)


# ---------------------------------------------------------------- V-Express's context windows and loop

def ordered_halving(val):
    bin_str = f"{val:064b}"
    bin_flip = bin_str[::-1]
    as_int = int(bin_flip, 2)
    return as_int / (1 << 64)


def uniform(step, num_frames, context_size, context_stride, context_overlap, closed_loop=True):
    if num_frames <= context_size:
        yield list(range(num_frames))
        return
    context_stride = min(context_stride, int(np.ceil(np.log2(num_frames / context_size))) + 1)
    for context_step in 1 << np.arange(context_stride):
        pad = int(round(num_frames * ordered_halving(step)))
        for j in range(int(ordered_halving(step) * context_step) + pad,
                       num_frames + pad + (0 if closed_loop else -context_overlap),
                       (context_size * context_step - context_overlap)):
            next_itr = []
            for e in range(j, j + context_size * context_step, context_step):
                if e >= num_frames:
                    e = num_frames - 2 - e % num_frames
                next_itr.append(e)
            yield next_itr


def windows_goldens():
    out = []
    for frames in list(range(1, 80)) + [100, 137, 200, 223]:
        for size, overlap in ((24, 4), (12, 4), (16, 8), (8, 0), (5, 4)):
            q = list(uniform(0, frames, size, 1, overlap, closed_loop=False))
            counts = torch.zeros(frames, dtype=torch.long)
            for c in q:
                counts[c] += 1
            out.append(dict(frames=frames, size=size, overlap=overlap, windows=q, coverage=counts.tolist()))
    write("windows.json", out)


def analytic_model(latents, t, frame_ids, guided):
    """A cheap denoiser with a known closed form: conditional and unconditional halves differ."""
    f = torch.tensor(frame_ids, dtype=torch.float32)[None, None, :, None, None]
    cond = 0.8 * latents + 0.01 * f - (t / 1000.0)
    if not guided:
        return cond
    uncond = 0.5 * latents + 0.02
    return torch.cat([uncond, cond], dim=0)


def vexpress_loop(frames, size, overlap, steps, guidance_scale, seed, h=2, w=3, c=4, eta=0.0):
    """VExpressPipeline.__call__'s denoising loop, op for op, with the analytic model."""
    scheduler = DDIM(cfg())
    scheduler.set_timesteps(steps)
    gen = torch.manual_seed(seed)
    latents = torch.randn((1, c, frames, h, w), generator=gen, dtype=torch.float32)
    initial = latents.clone()
    do_cfg = guidance_scale > 1.0
    context_queue = list(uniform(0, frames, size, 1, overlap, closed_loop=False))
    num_frame_context = torch.zeros(frames, dtype=torch.long)
    for context in context_queue:
        num_frame_context[context] += 1
    for i, t in enumerate(scheduler.timesteps):
        context_counter = torch.zeros(frames, dtype=torch.long)
        noise_preds = [None] * frames
        for context_idx, context in enumerate(context_queue):
            input_latents = latents[:, :, context, ...]
            input_latents = input_latents.repeat(2 if do_cfg else 1, 1, 1, 1, 1)
            noise_pred = analytic_model(input_latents[:1], int(t), context, do_cfg)
            if do_cfg:
                noise_pred_uncond, noise_pred_text = noise_pred.chunk(2)
                noise_pred = noise_pred_uncond + guidance_scale * (noise_pred_text - noise_pred_uncond)
            context_counter[context] += 1
            noise_pred /= num_frame_context[context][None, None, :, None, None]
            step_frame_ids = []
            step_noise_preds = []
            for latent_idx, frame_idx in enumerate(context):
                if noise_preds[frame_idx] is None:
                    noise_preds[frame_idx] = noise_pred[:, :, latent_idx, ...]
                else:
                    noise_preds[frame_idx] += noise_pred[:, :, latent_idx, ...]
                if context_counter[frame_idx] == num_frame_context[frame_idx]:
                    step_frame_ids.append(frame_idx)
                    step_noise_preds.append(noise_preds[frame_idx])
                    noise_preds[frame_idx] = None
            step_noise_preds = torch.stack(step_noise_preds, dim=2)
            noise = None
            if eta > 0:
                noise = torch.randn(step_noise_preds.shape, generator=gen, dtype=torch.float32)
            output_latents = scheduler.step(step_noise_preds, int(t), latents[:, :, step_frame_ids, ...],
                                            eta=eta, variance_noise=noise)
            latents[:, :, step_frame_ids, ...] = output_latents
    return initial, latents


def loop_goldens():
    out = []
    for frames, size, overlap, steps, g, eta in ((44, 24, 4, 5, 3.5, 0.0), (30, 24, 4, 4, 3.5, 0.0),
                                                 (30, 24, 4, 3, 1.0, 0.0), (10, 24, 4, 3, 3.5, 0.0),
                                                 (37, 12, 4, 3, 2.0, 0.0), (23, 8, 3, 2, 3.5, 0.0),
                                                 (29, 8, 6, 2, 3.5, 0.0),
                                                 (30, 24, 4, 3, 3.5, 0.5)):
        initial, final = vexpress_loop(frames, size, overlap, steps, g, seed=frames, eta=eta)
        out.append(dict(frames=frames, size=size, overlap=overlap, steps=steps, guidance_scale=g, eta=eta,
                        seed=frames, shape=list(initial.shape), initial=floats(initial), final=floats(final)))
    write("loop.json", out)


if __name__ == "__main__":
    torch.set_num_threads(1)
    check_reference_table()
    SCHED_CACHE = DPMSolverPP2M(cfg()).alphas_cumprod
    schedules()
    timesteps()
    ddim_steps()
    dpm_trajectories()
    randn_goldens()
    windows_goldens()
    loop_goldens()
