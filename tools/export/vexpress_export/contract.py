"""The bundle contract of docs/model-bundle.md as data, and a check of exported files against it.

Letters are dimensions the engine reads from the models (they must agree across models, see
"Consistency checks at load time"); ``None`` is a dimension that must be dynamic or whose value
is free; integers are fixed values. ``Da`` is the audio feature width (the audio encoder's output =
the audio projection's input), ``Dt`` the audio token width (the projection's output = the UNet's
audio tokens); V-Express only needs each to agree with itself, so they may differ.
"""
import re
from typing import Dict, List

# component -> (inputs, outputs); each name -> (elem_type, [dims])
CONTRACT = {
    "vae_encoder": ({"image": ("FLOAT", [1, 3, None, None])},
                    {"latent_mean": ("FLOAT", [1, "Cl", None, None])}),
    "vae_decoder": ({"latent": ("FLOAT", [None, "Cl", None, None])},
                    {"image": ("FLOAT", [None, 3, None, None])}),
    "reference_net": ({"latent": ("FLOAT", [1, "Cl", None, None])},
                      {"ref_*": ("FLOAT", [1, None, "C_k"])}),
    "denoising_unet": ({"sample": ("FLOAT", [None, "Cl", None, None, None]),
                        "timestep": ("INT64", "scalar_or_1"),
                        "audio_tokens": ("FLOAT", [None, "2P+1", "Dt"]),
                        "kps_features": ("FLOAT", [None, "Ck", None, None, None]),
                        "ref_*": ("FLOAT", [None, None, "C_k"]),
                        "reference_attention_weight": ("FLOAT", [1]),
                        "audio_attention_weight": ("FLOAT", [1])},
                       {"noise_pred": ("FLOAT", [None, "Cl", None, None, None])}),
    "v_kps_guider": ({"kps_images": ("FLOAT", [1, 3, None, None, None])},
                     {"kps_features": ("FLOAT", [1, "Ck", None, None, None])}),
    "audio_encoder": ({"waveform": ("FLOAT", [1, None])},
                      {"last_hidden_state": ("FLOAT", [1, None, "Da"])}),
    "audio_projection": ({"audio_windows": ("FLOAT", [None, "2(2P+1)", "Da"])},
                         {"audio_tokens": ("FLOAT", [None, "2P+1", "Dt"])}),
}

# dimensions the contract wants dynamic (batch, frames, image and latent sizes, audio length, tokens)
DYNAMIC = {
    "vae_encoder": {"image": [2, 3], "latent_mean": [2, 3]},
    "vae_decoder": {"latent": [0, 2, 3], "image": [0, 2, 3]},
    "reference_net": {"latent": [2, 3], "ref_*": [1]},
    "denoising_unet": {"sample": [0, 2, 3, 4], "audio_tokens": [0], "kps_features": [0, 2, 3, 4],
                       "ref_*": [0, 1], "noise_pred": [0, 2, 3, 4]},
    "v_kps_guider": {"kps_images": [2, 3, 4], "kps_features": [2, 3, 4]},
    "audio_encoder": {"waveform": [1], "last_hidden_state": [1]},
    "audio_projection": {"audio_windows": [0], "audio_tokens": [0]},
}


def _fixed(d):
    return isinstance(d, int) and d > 0


def check_bundle(io: Dict[str, dict], num_pad_audio_frames: int) -> List[str]:
    """Problems of the exported models' declared inputs/outputs against the contract (empty: fine).

    ``io``: component -> ``onnx_export.declared_io`` of its file.
    """
    problems: List[str] = []
    letters: Dict[str, int] = {"2P+1": 2 * num_pad_audio_frames + 1,
                               "2(2P+1)": 2 * (2 * num_pad_audio_frames + 1)}
    ref_widths: Dict[str, Dict[str, int]] = {}

    def bind(letter, value, where):
        if not _fixed(value):
            problems.append(f"{where}: must be fixed ({letter}), found {value}")
            return
        if letter in letters and letters[letter] != value:
            problems.append(f"{where}: {letter} = {value} but elsewhere {letters[letter]}")
        letters.setdefault(letter, value)

    for comp, (ins, outs) in CONTRACT.items():
        if comp not in io:
            continue
        for kind, spec, declared in (("input", ins, io[comp]["inputs"]), ("output", outs, io[comp]["outputs"])):
            names = list(declared)
            for pattern, (elem, dims) in spec.items():
                if pattern == "ref_*":
                    matched = sorted((n for n in names if re.fullmatch(r"ref_\d+", n)), key=lambda n: int(n[4:]))
                    if [int(n[4:]) for n in matched] != list(range(len(matched))) or not matched:
                        problems.append(f"{comp}: {kind}s ref_0..ref_(K-1) missing or with gaps: {matched}")
                    ref_widths[comp] = {}
                else:
                    matched = [pattern] if pattern in declared else []
                    if not matched:
                        problems.append(f"{comp}: missing {kind} '{pattern}'")
                for name in matched:
                    where = f"{comp}.{name}"
                    got = declared[name]
                    if got["elem_type"] != elem:
                        problems.append(f"{where}: element type {got['elem_type']}, expected {elem}")
                    shape = got["shape"]
                    if dims == "scalar_or_1":
                        if shape not in ([], [1]):
                            problems.append(f"{where}: shape {shape}, expected [] or [1]")
                        continue
                    if len(shape) != len(dims):
                        problems.append(f"{where}: rank {len(shape)}, expected {len(dims)} ({dims})")
                        continue
                    for i, (want, have) in enumerate(zip(dims, shape)):
                        if want == "C_k":
                            if _fixed(have):
                                ref_widths[comp][name] = have
                            else:
                                problems.append(f"{where}[{i}]: channel width must be fixed, found {have}")
                        elif isinstance(want, str):
                            bind(want, have, f"{where}[{i}]")
                        elif isinstance(want, int) and have != want and _fixed(have):
                            problems.append(f"{where}[{i}]: {have}, expected {want}")
                    for i in DYNAMIC.get(comp, {}).get(pattern, []):
                        if _fixed(shape[i]):
                            problems.append(f"{where}[{i}]: fixed to {shape[i]} where the contract has a "
                                            f"dynamic axis")
            if kind == "input":
                extra = [n for n in names if n not in spec and not (
                    "ref_*" in spec and re.fullmatch(r"ref_\d+", n))]
                if extra:
                    problems.append(f"{comp}: extra inputs {extra} (the engine refuses them)")
    if "reference_net" in ref_widths and "denoising_unet" in ref_widths:
        if ref_widths["reference_net"] != ref_widths["denoising_unet"]:
            problems.append(f"reference features differ: reference_net {ref_widths['reference_net']} vs "
                            f"denoising_unet {ref_widths['denoising_unet']}")
    return problems
