#!/usr/bin/python3
"""Goldens for io.vexpress.core.image (Pillow-identical bicubic resize and ImageOps.fit centre crop).

Rerun from the repository root with Debian's Pillow 9.4:
    /usr/bin/python3 tools/goldens/image_resize.py [--samples ../shared/samples]

Writes:
  vexpress-core/src/test/resources/golden/image_resize/
      source.png                      a deterministic synthetic 67x53 RGB image (noise, edges, gradients)
      stretch_WxH.png / fit_WxH.png   Image.resize((W, H)) / ImageOps.fit(image, (W, H)) of it
  vexpress-media/src/test/resources/golden/image_resize/   (only with --samples)
      <sample>_stretch_WxH.png / <sample>_fit_WxH.png   the same operations on the V-Express sample
                                      ref.jpg files after Image.open(...).convert('RGB'), which also
                                      checks our JPEG decoding against Pillow's.
"""
import argparse
import os

import numpy as np
from PIL import Image, ImageOps

SIZES = [(32, 24), (20, 41), (134, 106), (67, 53), (200, 37), (7, 5), (1, 1)]
SAMPLE_SIZES = [(160, 160), (96, 144)]


def synthetic():
    rng = np.random.default_rng(20261126)
    h, w = 53, 67
    y, x = np.mgrid[0:h, 0:w]
    img = np.zeros((h, w, 3), np.uint8)
    img[..., 0] = (x * 255 // (w - 1)).astype(np.uint8)
    img[..., 1] = (y * 255 // (h - 1)).astype(np.uint8)
    img[..., 2] = rng.integers(0, 256, (h, w), dtype=np.uint8)
    img[10:20, 5:30] = [255, 255, 255]
    img[30:45, 40:60] = [0, 0, 0]
    img[::7, :, 1] = 255
    return Image.fromarray(img, "RGB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--samples", default=None)
    args = ap.parse_args()
    out = "vexpress-core/src/test/resources/golden/image_resize"
    os.makedirs(out, exist_ok=True)
    src = synthetic()
    src.save(os.path.join(out, "source.png"))
    for w, h in SIZES:
        src.resize((w, h)).save(os.path.join(out, f"stretch_{w}x{h}.png"))
        ImageOps.fit(src, (w, h)).save(os.path.join(out, f"fit_{w}x{h}.png"))
    # Fractional box (Pillow's box argument), down in x and up in y.
    src.resize((50, 70), box=(3.5, 2.25, 60.75, 50.5)).save(os.path.join(out, "box_50x70.png"))
    if args.samples:
        mout = "vexpress-media/src/test/resources/golden/image_resize"
        os.makedirs(mout, exist_ok=True)
        for name in sorted(os.listdir(args.samples)):
            ref = os.path.join(args.samples, name, "ref.jpg")
            if not os.path.exists(ref):
                continue
            im = Image.open(ref).convert("RGB")
            for w, h in SAMPLE_SIZES:
                im.resize((w, h)).save(os.path.join(mout, f"{name}_stretch_{w}x{h}.png"))
                ImageOps.fit(im, (w, h)).save(os.path.join(mout, f"{name}_fit_{w}x{h}.png"))
            # Upscale a 100x80 crop box region to 150x120 (exercises the no-antialias path on real data).
            im.resize((150, 120), box=(200.5, 180.25, 300.5, 260.25)).save(
                os.path.join(mout, f"{name}_box_150x120.png"))


if __name__ == "__main__":
    main()
