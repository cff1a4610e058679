#!/usr/bin/python3
"""Goldens for io.vexpress.core.face.Cv2Resize (cv2.resize with its default INTER_LINEAR on 8-bit BGR).

V-Express resizes the reference image for keypoints with cv2.resize(img, (512, 512)), and insightface's
SCRFD letterboxes with cv2.resize too, so our resize must give OpenCV's bytes, not just "a" bilinear.

Rerun from the repository root with Debian's OpenCV 4.6:
    /usr/bin/python3 tools/goldens/cv2_resize.py

Writes vexpress-core/src/test/resources/golden/cv2-resize/:
    source_WxH.png           deterministic RGB sources (noise plus edges)
    source_WxH_to_WxH.png    cv2.resize of the BGR source to that size, saved back as RGB
"""
import os

import cv2
import numpy as np

OUT = "vexpress-core/src/test/resources/golden/cv2-resize"
# (source w, h) -> targets: upscale, downscale, non-integer, exact 2x (OpenCV switches to INTER_AREA),
# exact 3x, identity, odd widths whose rows are not a multiple of the SIMD width, 1-pixel edge cases.
CASES = {
    (40, 30): [(64, 64), (17, 13), (20, 15), (40, 30), (80, 60), (13, 47), (1, 1)],
    (51, 37): [(64, 64), (17, 37), (50, 36), (101, 73), (5, 3)],
    (1, 9): [(6, 4)],
}


def source(w, h, seed):
    rng = np.random.default_rng(seed)
    img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    img[: h // 3, : w // 2] = (250, 10, 128)  # a flat block with hard edges
    return img  # RGB


def main():
    os.makedirs(OUT, exist_ok=True)
    for i, ((w, h), targets) in enumerate(CASES.items()):
        rgb = source(w, h, 1000 + i)
        cv2.imwrite(f"{OUT}/source_{w}x{h}.png", rgb[..., ::-1])
        bgr = np.ascontiguousarray(rgb[..., ::-1])
        for tw, th in targets:
            out = cv2.resize(bgr, (tw, th))
            cv2.imwrite(f"{OUT}/source_{w}x{h}_to_{tw}x{th}.png", out)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
