#!/usr/bin/python3
"""Goldens for io.vexpress.media.image.StandardImageDecoder: inputs in many encodings and what Pillow 9.4's
Image.open(f).convert('RGB') (optionally after ImageOps.exif_transpose) gives for them.

Rerun from the repository root:
    /usr/bin/python3 tools/goldens/image_decode.py

Writes vexpress-media/src/test/resources/golden/image_decode/:
  <name>.<ext>          the input file (tiny: 37x23 pixels, odd sizes on purpose)
  <name>.rgb            Pillow's RGB pixels, raw bytes [h, w, 3]
  orient<N>.png/.jpg    an image with EXIF orientation N, and orient<N>.rgb = exif_transpose(...).convert('RGB')
  cases.txt             name ext width height (of the .rgb)
"""
import os

import numpy as np
from PIL import Image, ImageOps

OUT = "vexpress-media/src/test/resources/golden/image_decode"


def base():
    rng = np.random.default_rng(7)
    h, w = 23, 37
    y, x = np.mgrid[0:h, 0:w]
    a = np.zeros((h, w, 3), np.uint8)
    a[..., 0] = x * 7
    a[..., 1] = y * 11
    a[..., 2] = rng.integers(0, 256, (h, w))
    a[5:9, 3:12] = [250, 20, 30]
    return Image.fromarray(a, "RGB")


def photo():
    """Smooth, photo-like content (odd size) for lossy WebP: gradients and a soft disc."""
    h, w = 31, 45
    y, x = np.mgrid[0:h, 0:w]
    disc = np.exp(-((x - 20) ** 2 + (y - 14) ** 2) / 60.0)
    a = np.stack([120 + 100 * disc, 60 + 3 * x, 200 - 4 * y], axis=-1)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")


def main():
    os.makedirs(OUT, exist_ok=True)
    rgb = base()
    rgba = rgb.copy()
    alpha = Image.fromarray((np.arange(23 * 37).reshape(23, 37) % 256).astype(np.uint8), "L")
    rgba.putalpha(alpha)
    cases = {
        "rgb_png": (rgb, "png", {}),
        "rgba_png": (rgba, "png", {}),
        "grey_png": (rgb.convert("L"), "png", {}),
        "greyalpha_png": (Image.merge("LA", (rgb.convert("L"), alpha)), "png", {}),
        "palette_png": (rgb.convert("P", palette=Image.ADAPTIVE, colors=16), "png", {}),
        "bilevel_png": (rgb.convert("1"), "png", {}),
        "rgb_bmp": (rgb, "bmp", {}),
        "palette_bmp": (rgb.convert("P", palette=Image.ADAPTIVE, colors=16), "bmp", {}),
        "q90_jpg": (rgb, "jpg", {"quality": 90}),
        "q90_444_jpg": (rgb, "jpg", {"quality": 90, "subsampling": 0}),
        "q90_422_jpg": (rgb, "jpg", {"quality": 90, "subsampling": 1}),
        "progressive_jpg": (rgb, "jpg", {"quality": 85, "progressive": True}),
        "grey_jpg": (rgb.convert("L"), "jpg", {"quality": 90}),
        "cmyk_jpg": (rgb.convert("CMYK"), "jpg", {"quality": 95}),
        "lossless_webp": (rgb, "webp", {"lossless": True}),
        "lossy_webp": (rgb, "webp", {"quality": 90}),
        "alpha_webp": (rgba, "webp", {"lossless": True}),
        "alpha_lossy_webp": (rgba, "webp", {"quality": 80}),
        "photo_lossy_webp": (photo(), "webp", {"quality": 75}),
        "palette_gif": (rgb.convert("P", palette=Image.ADAPTIVE, colors=32), "gif", {}),
    }
    lines = []
    for name, (im, ext, opts) in cases.items():
        path = os.path.join(OUT, f"{name}.{ext}")
        im.save(path, **opts)
        got = Image.open(path).convert("RGB")
        with open(os.path.join(OUT, name + ".rgb"), "wb") as f:
            f.write(got.tobytes())
        lines.append(f"{name} {ext} {got.width} {got.height}")
    for n in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = n
        for ext in ("png", "jpg"):
            name = f"orient{n}_{ext}"
            path = os.path.join(OUT, f"{name}.{ext}")
            opts = {"quality": 95} if ext == "jpg" else {}
            rgb.save(path, exif=exif.tobytes(), **opts)
            got = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
            with open(os.path.join(OUT, name + ".rgb"), "wb") as f:
                f.write(got.tobytes())
            lines.append(f"{name} {ext} {got.width} {got.height}")
    with open(os.path.join(OUT, "cases.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
