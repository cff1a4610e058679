#!/usr/bin/env python3
"""Times one denoiser call of V-Express's size on a GPU, to ground the "real step" that
vexpress-benchmarks/README.md compares the Java overhead with. No weights are needed: the time of a
network does not depend on its weight values.

    python3 tools/benchmarks/real_step_time.py            # CUDA if present, fp16
    python3 tools/benchmarks/real_step_time.py --cpu --batch 2 --frames 2   # a quick shape check

The network is SD-1.5's UNet2DConditionModel (block channels 320/640/1280/1280, two ResNet blocks per
level, one transformer block per ResNet at the first three levels and in the middle, 8 heads, cross-attention
width 768, GEGLU feed-forward) written out in plain PyTorch, plus the two things V-Express adds in every
transformer block: reference attention (the self-attention keys and values are the frame's tokens
concatenated with the reference feature of the same shape) and, after each down/up level, a motion module
(temporal self-attention over the frames at every spatial position, AnimateDiff-style, one transformer block).
The cross-attention context is the frame's 5 audio tokens. One call is V-Express's guided window:
batch 2 x 24 frames of 64x64 latents (512x512 video). It is an estimate of the real cost, not the real model:
the real motion modules have two temporal attention layers and sit after every ResNet, so the real step is
somewhat slower than this.
"""
import argparse
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Attention(nn.Module):
    def __init__(self, dim, ctx_dim=None, heads=8):
        super().__init__()
        ctx_dim = ctx_dim or dim
        self.heads = heads
        self.q = nn.Linear(dim, dim, bias=False)
        self.k = nn.Linear(ctx_dim, dim, bias=False)
        self.v = nn.Linear(ctx_dim, dim, bias=False)
        self.o = nn.Linear(dim, dim)

    def forward(self, x, ctx):
        b, n, d = x.shape
        h = self.heads
        q = self.q(x).view(b, n, h, d // h).transpose(1, 2)
        k = self.k(ctx).view(b, ctx.shape[1], h, d // h).transpose(1, 2)
        v = self.v(ctx).view(b, ctx.shape[1], h, d // h).transpose(1, 2)
        out = F.scaled_dot_product_attention(q, k, v) if hasattr(F, 'scaled_dot_product_attention') else \
            torch.softmax(q @ k.transpose(-1, -2) / (d // h) ** 0.5, -1) @ v
        return self.o(out.transpose(1, 2).reshape(b, n, d))


class TransformerBlock(nn.Module):
    """Spatial block with V-Express's reference attention (keys = tokens + reference tokens) and audio cross-attention."""

    def __init__(self, dim):
        super().__init__()
        self.n1, self.n2, self.n3 = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.self_attn = Attention(dim)
        self.cross = Attention(dim, 768)
        self.ff_in = nn.Linear(dim, dim * 8)
        self.ff_out = nn.Linear(dim * 4, dim)

    def forward(self, x, audio):
        h = self.n1(x)
        ref = h  # stands in for the reference net's feature of the same shape
        x = x + self.self_attn(h, torch.cat([h, ref], 1))
        x = x + self.cross(self.n2(x), audio)
        a, g = self.ff_in(self.n3(x)).chunk(2, -1)
        return x + self.ff_out(a * F.gelu(g))


class Transformer2D(nn.Module):
    def __init__(self, ch):
        super().__init__()
        self.norm = nn.GroupNorm(32, ch)
        self.proj_in = nn.Linear(ch, ch)
        self.block = TransformerBlock(ch)
        self.proj_out = nn.Linear(ch, ch)

    def forward(self, x, audio):
        b, c, hh, ww = x.shape
        h = self.norm(x).permute(0, 2, 3, 1).reshape(b, hh * ww, c)
        h = self.proj_out(self.block(self.proj_in(h), audio))
        return x + h.reshape(b, hh, ww, c).permute(0, 3, 1, 2)


class MotionModule(nn.Module):
    """Temporal self-attention over the frames at each spatial position."""

    def __init__(self, ch, frames):
        super().__init__()
        self.frames = frames
        self.norm = nn.LayerNorm(ch)
        self.attn = Attention(ch)
        self.ff = nn.Sequential(nn.LayerNorm(ch), nn.Linear(ch, ch * 4), nn.GELU(), nn.Linear(ch * 4, ch))

    def forward(self, x):
        bt, c, hh, ww = x.shape
        b = bt // self.frames
        h = x.view(b, self.frames, c, hh * ww).permute(0, 3, 1, 2).reshape(b * hh * ww, self.frames, c)
        n = self.norm(h)
        h = h + self.attn(n, n)
        h = h + self.ff(h)
        return h.view(b, hh * ww, self.frames, c).permute(0, 2, 3, 1).reshape(bt, c, hh, ww)


class ResBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.n1, self.c1 = nn.GroupNorm(32, cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.t = nn.Linear(1280, cout)
        self.n2, self.c2 = nn.GroupNorm(32, cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x, temb):
        h = self.c1(F.silu(self.n1(x))) + self.t(temb)[:, :, None, None]
        return self.skip(x) + self.c2(F.silu(self.n2(h)))


class UNet(nn.Module):
    def __init__(self, frames):
        super().__init__()
        ch = [320, 640, 1280, 1280]
        self.frames = frames
        self.time = nn.Sequential(nn.Linear(320, 1280), nn.SiLU(), nn.Linear(1280, 1280))
        self.conv_in = nn.Conv2d(4, 320, 3, padding=1)
        self.down, skips, cin = nn.ModuleList(), [320], 320
        for level, c in enumerate(ch):
            for _ in range(2):
                self.down.append(nn.ModuleList([ResBlock(cin, c), Transformer2D(c) if level < 3 else nn.Identity()]))
                cin = c
                skips.append(c)
            self.down.append(nn.ModuleList([MotionModule(c, frames)]))
            if level < 3:
                self.down.append(nn.ModuleList([nn.Conv2d(c, c, 3, stride=2, padding=1)]))
                skips.append(c)
        self.mid = nn.ModuleList([ResBlock(1280, 1280), Transformer2D(1280), ResBlock(1280, 1280)])
        self.up = nn.ModuleList()
        for level, c in enumerate(reversed(ch)):
            for _ in range(3):
                self.up.append(nn.ModuleList([ResBlock(cin + skips.pop(), c), Transformer2D(c) if level > 0 else nn.Identity()]))
                cin = c
            self.up.append(nn.ModuleList([MotionModule(c, frames)]))
            if level < 3:
                self.up.append(nn.ModuleList([nn.Upsample(scale_factor=2), nn.Conv2d(c, c, 3, padding=1)]))
        self.out = nn.Sequential(nn.GroupNorm(32, 320), nn.SiLU(), nn.Conv2d(320, 4, 3, padding=1))

    def forward(self, x, t, audio, kps):
        temb = self.time(t)
        h = self.conv_in(x) + kps
        hs = [h]
        for m in self.down:
            if isinstance(m[0], ResBlock):
                h = m[1](m[0](h, temb), audio) if isinstance(m[1], Transformer2D) else m[0](h, temb)
                hs.append(h)
            elif isinstance(m[0], MotionModule):
                h = m[0](h)
            else:
                h = m[0](h)
                hs.append(h)
        h = self.mid[2](self.mid[1](self.mid[0](h, temb), audio), temb)
        for m in self.up:
            if isinstance(m[0], ResBlock):
                h = m[0](torch.cat([h, hs.pop()], 1), temb)
                if isinstance(m[1], Transformer2D):
                    h = m[1](h, audio)
            elif isinstance(m[0], MotionModule):
                h = m[0](h)
            else:
                h = m[1](m[0](h))
        return self.out(h)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--cpu', action='store_true')
    p.add_argument('--batch', type=int, default=2)
    p.add_argument('--frames', type=int, default=24)
    p.add_argument('--size', type=int, default=64)
    p.add_argument('--repeats', type=int, default=5)
    a = p.parse_args()
    dev = 'cpu' if a.cpu or not torch.cuda.is_available() else 'cuda'
    dtype = torch.float32 if dev == 'cpu' else torch.float16
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.benchmark = True
    net = UNet(a.frames).to(dev, dtype).eval()
    params = sum(p.numel() for p in net.parameters())
    n = a.batch * a.frames
    x = torch.randn(n, 4, a.size, a.size, device=dev, dtype=dtype)
    t = torch.randn(n, 320, device=dev, dtype=dtype)
    audio = torch.randn(n, 5, 768, device=dev, dtype=dtype)
    kps = torch.randn(n, 320, a.size, a.size, device=dev, dtype=dtype)
    with torch.inference_mode():
        out = net(x, t, audio, kps)
        assert out.shape == x.shape, out.shape
        if dev == 'cuda':
            torch.cuda.synchronize()
        times = []
        for _ in range(a.repeats):
            s = time.perf_counter()
            net(x, t, audio, kps)
            if dev == 'cuda':
                torch.cuda.synchronize()
            times.append(time.perf_counter() - s)
    name = torch.cuda.get_device_name() if dev == 'cuda' else 'cpu'
    print(f'device {name}, {dtype}, {params / 1e6:.0f}M parameters, batch {a.batch} x {a.frames} frames of '
          f'{a.size}x{a.size} latents: median {sorted(times)[len(times) // 2] * 1000:.0f} ms per denoiser call '
          f'(all: {", ".join(f"{v * 1000:.0f}" for v in times)} ms)')


if __name__ == '__main__':
    main()
