#!/usr/bin/python3
"""Ground truth for the face keypoint detectors on the V-Express samples (io.vexpress.media.face tests).

The samples' kps.pth files were made by V-Express's extract script (insightface SCRFD det_10g at
det_size 512) from their videos, so their first frames are SCRFD keypoints of gt.mp4's first frame.
The ref.jpg of AOC and 10 is that same frame (mean absolute pixel difference below 1), so the same
keypoints serve for it; tys's ref.jpg is another person and has no ground truth.

Rerun from the repository root with Debian's torch and OpenCV 4.6:
    /usr/bin/python3 tools/goldens/face_samples.py [--samples ../shared/samples]

Writes vexpress-media/src/test/resources/golden/face-samples/:
    first_frames.json    {sample: {"kps": [[lx, ly], [rx, ry], [nx, ny]], "ref_is_first_frame": bool,
                          "sequence": every frame's [lx, ly, rx, ry, nx, ny] (float32 values)}}
    ten_256.jpg          sample 10's ref.jpg reduced to 256x256 (cv2 INTER_AREA, JPEG quality 92), a
                         committed face image for tests that must run without ../shared; its keypoints
                         are the sample's first-frame keypoints halved.
"""
import argparse
import json
import os

import cv2
import numpy as np
import torch

OUT = "vexpress-media/src/test/resources/golden/face-samples"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", default="../shared/samples")
    args = parser.parse_args()
    os.makedirs(OUT, exist_ok=True)
    truth = {}
    for name in sorted(os.listdir(args.samples)):
        d = os.path.join(args.samples, name)
        kps = torch.load(os.path.join(d, "kps.pth"))
        ref = cv2.imread(os.path.join(d, "ref.jpg"))
        ok, frame = cv2.VideoCapture(os.path.join(d, "gt.mp4")).read()
        assert ok and ref.shape == frame.shape == (512, 512, 3)
        same = float(np.abs(ref.astype(np.int32) - frame).mean()) < 2.0
        truth[name] = {"kps": np.asarray(kps[0], dtype=np.float32).tolist(), "ref_is_first_frame": same,
                       "sequence": [np.asarray(k, dtype=np.float32).ravel().tolist() for k in kps]}
        if name == "10":
            small = cv2.resize(ref, (256, 256), interpolation=cv2.INTER_AREA)
            cv2.imwrite(f"{OUT}/ten_256.jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 92])
    with open(f"{OUT}/first_frames.json", "w") as f:
        json.dump(truth, f)
    print({k: (v["kps"], v["ref_is_first_frame"], len(v["sequence"])) for k, v in truth.items()})


if __name__ == "__main__":
    main()
