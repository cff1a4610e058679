#!/usr/bin/python3
"""Tiny SCRFD-shaped ONNX models and insightface-exact goldens for io.vexpress.core.face.

The models ignore their input's content and emit chosen raw SCRFD outputs (scores, box distances and
keypoint distances per stride), so the Java detector's decoding, NMS and ordering can be compared
exactly with a reimplementation of insightface's SCRFD.detect (python-package/insightface/model_zoo/
scrfd.py, float32 numpy arithmetic as there). The letterbox + blob golden is made with cv2 itself
(cv2.resize + cv2.dnn.blobFromImage(..., swapRB=True)), as insightface does.

Rerun from the repository root with Debian's torch 1.13, onnx, numpy and OpenCV 4.6:
    /usr/bin/python3 tools/tiny-models/make_tiny_scrfd.py

Writes vexpress-core/src/test/resources/golden/scrfd/:
    tiny_scrfd_9.onnx          det_10g layout: 9 outputs [N, C], strides 8/16/32, 2 anchors, input 1x3x64x64
    tiny_scrfd_9_batched.onnx  the same outputs with a leading batch dimension [1, N, C]
    tiny_scrfd_15.onnx         the 5-stride layout (8..128, 1 anchor), input 1x3x128x128
    tiny_scrfd_6.onnx          a layout without keypoints (6 outputs), which V-Express cannot use
    mini_scrfd_dynamic.onnx    a small real network with SCRFD's head layout (convolutions, per-stride pooling,
                               permute + reshape to [N, C]) and a dynamic input size like det_10g, so the
                               whole chain letterbox -> ONNX Runtime -> decode is checked on image content
    wide.png, tall.png         the RGB test images (100x75 and 60x90)
    <image>_blob64.bin         float32 little-endian NCHW blob insightface feeds a 64x64 model
    detections.json            per model and image: insightface's faces [x1, y1, x2, y2, score, 10 landmarks]
                               (for mini_scrfd_dynamic: torch's outputs decoded, with det_size 128x96)
"""
import json
import os

import cv2
import numpy as np
import torch

OUT = "vexpress-core/src/test/resources/golden/scrfd"


# ---------------------------------------------------------------- raw outputs the tiny models emit

def raw_outputs(size, strides, anchors, seed, with_kps=True):
    """Per stride: scores [N, 1], box distances [N, 4] and keypoint distances [N, 10] in stride units."""
    rng = np.random.default_rng(seed)
    scores, boxes, kps = [], [], []
    for s in strides:
        n = (size // s) ** 2 * anchors
        sc = rng.uniform(0.0, 0.45, n)
        positives = rng.choice(n, size=min(n, max(1, n // 4)), replace=False)
        sc[positives] = rng.uniform(0.5, 1.0, len(positives))
        if s == strides[0]:
            sc[1] = 0.5  # exactly at the threshold: kept (insightface uses >=)
            sc[3] = np.nextafter(np.float32(0.5), np.float32(0))  # just below: dropped
        scores.append(sc.astype(np.float32).reshape(n, 1))
        boxes.append(rng.uniform(0.3, 3.0, (n, 4)).astype(np.float32))
        kps.append(rng.normal(0.0, 1.5, (n, 10)).astype(np.float32))
    all_scores = np.concatenate([x.ravel() for x in scores])
    assert len(np.unique(all_scores)) == len(all_scores), "scores must be distinct (no tie-order questions)"
    return scores + boxes + (kps if with_kps else [])


class ConstantOutputs(torch.nn.Module):
    """Returns fixed tensors; adds 0 * mean(input) so the graph really consumes its input."""

    def __init__(self, outputs):
        super().__init__()
        for i, o in enumerate(outputs):
            self.register_buffer(f"o{i}", torch.from_numpy(o))
        self.count = len(outputs)

    def forward(self, x):
        zero = x.mean() * 0.0
        return tuple(getattr(self, f"o{i}") + zero for i in range(self.count))


def export(outputs, size, path):
    model = ConstantOutputs(outputs)
    names = [f"out{i}" for i in range(len(outputs))]
    torch.onnx.export(model, torch.zeros(1, 3, size, size), path, input_names=["input.1"],
                      output_names=names, opset_version=11)


class MiniScrfd(torch.nn.Module):
    """SCRFD's output layout from a real (random, seeded) network: shared stem, per-stride pooling and
    1x1 heads, each head permuted to NHWC and reshaped to [H * W * anchors, C] as SCRFD's export does."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(20261126)
        self.stem = torch.nn.Conv2d(3, 8, 3, padding=1)
        self.cls = torch.nn.ModuleList([torch.nn.Conv2d(8, 2, 1) for _ in range(3)])
        self.reg = torch.nn.ModuleList([torch.nn.Conv2d(8, 8, 1) for _ in range(3)])
        self.kps = torch.nn.ModuleList([torch.nn.Conv2d(8, 20, 1) for _ in range(3)])

    def forward(self, x):
        f = torch.relu(self.stem(x))
        scores, boxes, kps = [], [], []
        for i, s in enumerate([8, 16, 32]):
            p = torch.nn.functional.avg_pool2d(f, s, s)
            scores.append(torch.sigmoid(self.cls[i](p)).permute(0, 2, 3, 1).reshape(-1, 1))
            boxes.append((torch.relu(self.reg[i](p)) + 0.5).permute(0, 2, 3, 1).reshape(-1, 4))
            kps.append(self.kps[i](p).permute(0, 2, 3, 1).reshape(-1, 10))
        return tuple(scores + boxes + kps)


def mini_outputs(model, blob):
    with torch.no_grad():
        return [o.numpy() for o in model(torch.from_numpy(blob))]


def calibrate(model, blobs):
    """Shifts the score biases so that about a fifth of the anchors pass 0.5, none within 1e-4 of it."""
    for i in range(3):
        with torch.no_grad():
            logits = []
            for blob in blobs:
                f = torch.relu(model.stem(torch.from_numpy(blob)))
                p = torch.nn.functional.avg_pool2d(f, [8, 16, 32][i], [8, 16, 32][i])
                logits.append(model.cls[i](p).ravel())
            ordered = np.sort(torch.cat(logits).numpy())
            k = int(0.8 * len(ordered))
            while ordered[k] - ordered[k - 1] < 1e-3:  # cut in a gap, away from any score
                k += 1
            model.cls[i].bias -= float(ordered[k - 1] + ordered[k]) / 2
    for blob in blobs:
        for o in mini_outputs(model, blob)[:3]:
            assert np.min(np.abs(o - 0.5)) > 1e-4, "a score too close to the threshold"


# ---------------------------------------------------------------- insightface SCRFD.detect, float32

def letterbox(img_bgr, input_size):
    im_ratio = float(img_bgr.shape[0]) / img_bgr.shape[1]
    model_ratio = float(input_size[1]) / input_size[0]
    if im_ratio > model_ratio:
        new_height = input_size[1]
        new_width = int(new_height / im_ratio)
    else:
        new_width = input_size[0]
        new_height = int(new_width * im_ratio)
    det_scale = float(new_height) / img_bgr.shape[0]
    resized = cv2.resize(img_bgr, (new_width, new_height))
    det_img = np.zeros((input_size[1], input_size[0], 3), dtype=np.uint8)
    det_img[:new_height, :new_width, :] = resized
    blob = cv2.dnn.blobFromImage(det_img, 1.0 / 128, input_size, (127.5, 127.5, 127.5), swapRB=True)
    return blob, det_scale


def distance2bbox(points, distance):
    x1 = points[:, 0] - distance[:, 0]
    y1 = points[:, 1] - distance[:, 1]
    x2 = points[:, 0] + distance[:, 2]
    y2 = points[:, 1] + distance[:, 3]
    return np.stack([x1, y1, x2, y2], axis=-1)


def distance2kps(points, distance):
    preds = []
    for i in range(0, distance.shape[1], 2):
        preds.append(points[:, i % 2] + distance[:, i])
        preds.append(points[:, i % 2 + 1] + distance[:, i + 1])
    return np.stack(preds, axis=-1)


def nms(dets, thresh=0.4):
    x1, y1, x2, y2, scores = dets[:, 0], dets[:, 1], dets[:, 2], dets[:, 3], dets[:, 4]
    areas = (x2 - x1 + 1) * (y2 - y1 + 1)
    order = scores.argsort()[::-1]
    keep = []
    while order.size > 0:
        i = order[0]
        keep.append(i)
        xx1 = np.maximum(x1[i], x1[order[1:]])
        yy1 = np.maximum(y1[i], y1[order[1:]])
        xx2 = np.minimum(x2[i], x2[order[1:]])
        yy2 = np.minimum(y2[i], y2[order[1:]])
        w = np.maximum(0.0, xx2 - xx1 + 1)
        h = np.maximum(0.0, yy2 - yy1 + 1)
        inter = w * h
        ovr = inter / (areas[i] + areas[order[1:]] - inter)
        inds = np.where(ovr <= thresh)[0]
        order = order[inds + 1]
    return keep


def insightface_detect(net_outs, img_bgr, input_size, strides, anchors, batched, threshold=0.5):
    blob, det_scale = letterbox(img_bgr, input_size)
    fmc = len(strides)
    scores_list, bboxes_list, kpss_list = [], [], []
    for idx, stride in enumerate(strides):
        take = (lambda a: a[0]) if batched else (lambda a: a)
        scores = take(net_outs[idx])
        bbox_preds = take(net_outs[idx + fmc]) * stride
        kps_preds = take(net_outs[idx + fmc * 2]) * stride
        height, width = blob.shape[2] // stride, blob.shape[3] // stride
        centers = np.stack(np.mgrid[:height, :width][::-1], axis=-1).astype(np.float32)
        centers = (centers * stride).reshape((-1, 2))
        if anchors > 1:
            centers = np.stack([centers] * anchors, axis=1).reshape((-1, 2))
        pos = np.where(scores >= threshold)[0]
        scores_list.append(scores[pos])
        bboxes_list.append(distance2bbox(centers, bbox_preds)[pos])
        kpss = distance2kps(centers, kps_preds)
        kpss_list.append(kpss.reshape((kpss.shape[0], -1, 2))[pos])
    scores = np.vstack(scores_list)
    order = scores.ravel().argsort()[::-1]
    bboxes = np.vstack(bboxes_list) / det_scale
    kpss = np.vstack(kpss_list) / det_scale
    pre_det = np.hstack((bboxes, scores)).astype(np.float32, copy=False)[order, :]
    keep = nms(pre_det)
    det = pre_det[keep, :]
    kpss = kpss[order, :, :][keep, :, :]
    assert det.dtype == np.float32 and kpss.dtype == np.float32
    return [[float(v) for v in det[i]] + [float(v) for v in kpss[i].ravel()] for i in range(det.shape[0])]


# ---------------------------------------------------------------- test images

def test_image(w, h, seed):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    img = np.stack([x * 255 // max(w - 1, 1), y * 255 // max(h - 1, 1), (x + y) % 256], axis=-1).astype(np.int32)
    img += rng.integers(-40, 41, img.shape)
    return np.clip(img, 0, 255).astype(np.uint8)  # RGB


def main():
    os.makedirs(OUT, exist_ok=True)
    images = {"wide.png": test_image(100, 75, 7), "tall.png": test_image(60, 90, 8)}
    for name, rgb in images.items():
        cv2.imwrite(f"{OUT}/{name}", rgb[..., ::-1])

    layout9 = raw_outputs(64, [8, 16, 32], 2, seed=9)
    layout15 = raw_outputs(128, [8, 16, 32, 64, 128], 1, seed=15)
    export(layout9, 64, f"{OUT}/tiny_scrfd_9.onnx")
    export([o[np.newaxis] for o in layout9], 64, f"{OUT}/tiny_scrfd_9_batched.onnx")
    export(layout15, 128, f"{OUT}/tiny_scrfd_15.onnx")
    export(raw_outputs(64, [8, 16, 32], 2, seed=6, with_kps=False), 64, f"{OUT}/tiny_scrfd_6.onnx")

    mini = MiniScrfd().eval()
    mini_blobs = {n: letterbox(np.ascontiguousarray(rgb[..., ::-1]), (128, 96))[0] for n, rgb in images.items()}
    calibrate(mini, list(mini_blobs.values()))
    torch.onnx.export(mini, torch.zeros(1, 3, 96, 128), f"{OUT}/mini_scrfd_dynamic.onnx", input_names=["input.1"],
                      output_names=[f"out{i}" for i in range(9)], opset_version=11,
                      dynamic_axes={"input.1": {2: "height", 3: "width"}, **{f"out{i}": {0: "anchors"} for i in range(9)}})

    golden = {"threshold": 0.5, "nms": 0.4, "cases": []}
    for name, rgb in images.items():
        bgr = np.ascontiguousarray(rgb[..., ::-1])
        blob, _ = letterbox(bgr, (64, 64))
        blob.astype("<f4").tofile(f"{OUT}/{name[:-4]}_blob64.bin")
        cases = [
            ("tiny_scrfd_9.onnx", layout9, 64, [8, 16, 32], 2, False),
            ("tiny_scrfd_9_batched.onnx", [o[np.newaxis] for o in layout9], 64, [8, 16, 32], 2, True),
            ("tiny_scrfd_15.onnx", layout15, 128, [8, 16, 32, 64, 128], 1, False),
        ]
        for model, outs, size, strides, anchors, batched in cases:
            faces = insightface_detect(outs, bgr, (size, size), strides, anchors, batched)
            golden["cases"].append({"model": model, "image": name, "faces": faces})
            print(model, name, len(faces), "faces")
        faces = insightface_detect(mini_outputs(mini, mini_blobs[name]), bgr, (128, 96), [8, 16, 32], 2, False)
        golden["cases"].append({"model": "mini_scrfd_dynamic.onnx", "image": name, "faces": faces, "det_size": [128, 96]})
        print("mini_scrfd_dynamic.onnx", name, len(faces), "faces")
    with open(f"{OUT}/detections.json", "w") as f:
        json.dump(golden, f, indent=1)


if __name__ == "__main__":
    main()
