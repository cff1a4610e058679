"""Builds V-Express's networks with V-Express's own code and loads the checkpoints the way its
``inference.py`` does (same constructors, same ``load_state_dict`` calls and strictness).

V-Express is imported from the checkout given with ``--vexpress_dir`` (its ``modules`` package);
diffusers 0.29.2 (and, for the audio encoder, transformers) come from the user's environment.
"""
import importlib
import json
import logging
import os
import sys
import types
from dataclasses import dataclass
from typing import Optional, Sequence

import torch

LOG = logging.getLogger("vexpress_export")


def import_vexpress(vexpress_dir: str) -> types.SimpleNamespace:
    """Imports V-Express's ``modules`` package from a checkout and returns the pieces we wrap."""
    vexpress_dir = os.path.abspath(vexpress_dir)
    try:  # diffusers 0.29.2 predates huggingface_hub's removal of cached_download
        import huggingface_hub
        if not hasattr(huggingface_hub, "cached_download"):
            huggingface_hub.cached_download = huggingface_hub.hf_hub_download
    except ImportError:
        pass
    if not os.path.isfile(os.path.join(vexpress_dir, "modules", "mutual_self_attention.py")):
        raise SystemExit(f"{vexpress_dir} is not a V-Express checkout (no modules/mutual_self_attention.py); "
                         f"clone https://github.com/tencent-ailab/V-Express and pass --vexpress_dir")
    from .torch_compat import patch_baddbmm_beta_zero
    patch_baddbmm_beta_zero()
    if vexpress_dir not in sys.path:
        sys.path.insert(0, vexpress_dir)
    modules = importlib.import_module("modules")
    attention = importlib.import_module("modules.attention")
    msa = importlib.import_module("modules.mutual_self_attention")
    return types.SimpleNamespace(
        UNet2DConditionModel=modules.UNet2DConditionModel,
        UNet3DConditionModel=modules.UNet3DConditionModel,
        VKpsGuider=modules.VKpsGuider,
        AudioProjection=modules.AudioProjection,
        ReferenceAttentionControl=modules.ReferenceAttentionControl,
        BasicTransformerBlock=attention.BasicTransformerBlock,
        TemporalBasicTransformerBlock=attention.TemporalBasicTransformerBlock,
        torch_dfs=msa.torch_dfs,
        directory=vexpress_dir,
    )


def _load(path: str):
    return torch.load(path, map_location="cpu")


def _report_keys(what: str, result) -> None:
    missing, unexpected = result
    if missing or unexpected:
        # inference.py loads with strict=False and says nothing; a user exporting a fine-tuned
        # variant should at least see what did not match.
        LOG.warning("%s: %d missing and %d unexpected keys (strict=False, as in inference.py); first "
                    "missing: %s; first unexpected: %s", what, len(missing), len(unexpected),
                    list(missing)[:3], list(unexpected)[:3])


@dataclass
class AudioProjectionShape:
    """The numbers inference.py hard-codes for AudioProjection (defaults = inference.py's)."""
    depth: int = 4
    dim_head: int = 64
    heads: int = 12
    ff_mult: int = 4
    input_dim: int = 768            # inp_dim for audio_embeddings_type 'global' (wav2vec2-base width)
    dim: Optional[int] = None       # mid_dim: follows the UNet's cross_attention_dim
    output_dim: Optional[int] = None  # out_dim: follows the UNet's cross_attention_dim
    input_seq_len: Optional[int] = None   # 2 * (2 * num_pad_audio_frames + 1)
    output_seq_len: Optional[int] = None  # 2 * num_pad_audio_frames + 1


def build_reference_net(vx, unet_config_path: str, checkpoint: Optional[str]):
    # inference.py: UNet2DConditionModel.from_config(unet_config_path) + load_state_dict(strict=False)
    net = vx.UNet2DConditionModel.from_config(unet_config_path)
    if checkpoint:
        _report_keys("reference_net", net.load_state_dict(_load(checkpoint), strict=False))
    return net.eval()


def build_denoising_unet(vx, inference_config_path: str, unet_config_path: str,
                         checkpoint: Optional[str], motion_module_checkpoint: Optional[str]):
    from omegaconf import OmegaConf
    inference_config = OmegaConf.load(inference_config_path)
    net = vx.UNet3DConditionModel.from_config_2d(
        unet_config_path, unet_additional_kwargs=inference_config.unet_additional_kwargs)
    if checkpoint:
        _report_keys("denoising_unet", net.load_state_dict(_load(checkpoint), strict=False))
    if motion_module_checkpoint:
        _report_keys("motion_module", net.load_state_dict(_load(motion_module_checkpoint), strict=False))
    return net.eval()


def build_v_kps_guider(vx, out_channels: int, block_out_channels: Sequence[int], checkpoint: Optional[str]):
    # inference.py: VKpsGuider(320, block_out_channels=(16, 32, 96, 256)); 320 is the UNet's first width
    net = vx.VKpsGuider(out_channels, block_out_channels=tuple(block_out_channels))
    if checkpoint:
        net.load_state_dict(_load(checkpoint))  # strict, as inference.py
    return net.eval()


def build_audio_projection(vx, shape: AudioProjectionShape, cross_attention_dim: int,
                           num_pad_audio_frames: int, checkpoint: Optional[str]):
    net = vx.AudioProjection(
        dim=shape.dim or cross_attention_dim,
        depth=shape.depth,
        dim_head=shape.dim_head,
        heads=shape.heads,
        num_queries=shape.output_seq_len or (2 * num_pad_audio_frames + 1),
        embedding_dim=shape.input_dim,
        output_dim=shape.output_dim or cross_attention_dim,
        ff_mult=shape.ff_mult,
        max_seq_len=shape.input_seq_len or 2 * (2 * num_pad_audio_frames + 1),
    )
    if checkpoint:
        net.load_state_dict(_load(checkpoint))  # strict, as inference.py
    return net.eval()


def build_vae(vae_path: Optional[str] = None, config: Optional[dict] = None):
    from diffusers import AutoencoderKL
    if config is not None:
        return AutoencoderKL.from_config(config).eval()
    return AutoencoderKL.from_pretrained(vae_path).eval()


def transformers_available() -> bool:
    try:
        importlib.import_module("transformers")
        return True
    except ImportError:
        return False


def build_audio_encoder(audio_encoder_path: Optional[str], backend: str = "auto",
                        config: Optional[dict] = None):
    """wav2vec2 as V-Express uses it (``Wav2Vec2Model.from_pretrained``; we export its last hidden state).

    ``backend``: ``transformers`` (V-Express's own path), ``torchaudio`` (torchaudio's wav2vec2 built
    from the same config.json with the same weights: for environments without transformers), or
    ``auto`` (transformers when installed). ``config`` builds a randomly initialised model instead.
    """
    if backend == "auto":
        backend = "transformers" if transformers_available() else "torchaudio"
    if backend == "transformers":
        from transformers import Wav2Vec2Config, Wav2Vec2Model
        if config is not None:
            return Wav2Vec2Model(Wav2Vec2Config(**config)).eval()
        from .torch_compat import torch_before
        if torch_before(2, 1):  # torch < 2.1 cannot export scaled_dot_product_attention
            try:
                return Wav2Vec2Model.from_pretrained(audio_encoder_path, attn_implementation="eager").eval()
            except TypeError:  # transformers before attn_implementation existed: eager only
                pass
        return Wav2Vec2Model.from_pretrained(audio_encoder_path).eval()
    if backend != "torchaudio":
        raise ValueError(f"unknown audio encoder backend {backend}")
    from torchaudio.models import wav2vec2_model
    random_init = config is not None
    if not random_init:
        with open(os.path.join(audio_encoder_path, "config.json")) as f:
            config = json.load(f)
    model = wav2vec2_model(**torchaudio_wav2vec2_config(config), aux_num_out=None)
    if not random_init:
        weights = os.path.join(audio_encoder_path, "pytorch_model.bin")
        if not os.path.isfile(weights):
            raise SystemExit(f"{weights} not found: the torchaudio path reads the PyTorch checkpoint "
                             f"(or install transformers and use --audio_encoder_backend transformers)")
        missing, _ = model.load_state_dict(hf_to_torchaudio_state_dict(_load(weights)), strict=False)
        if missing:
            raise SystemExit(f"torchaudio wav2vec2: {weights} lacks {missing[:5]}")
    return model.eval()


def torchaudio_wav2vec2_config(cfg: dict) -> dict:
    """Hugging Face Wav2Vec2Config (as a dict) -> torchaudio ``wav2vec2_model`` arguments, the same
    mapping as torchaudio's ``import_huggingface_model``."""
    return {
        "extractor_mode": f"{cfg.get('feat_extract_norm', 'group')}_norm",
        "extractor_conv_layer_config": list(zip(cfg["conv_dim"], cfg["conv_kernel"], cfg["conv_stride"])),
        "extractor_conv_bias": cfg.get("conv_bias", False),
        "encoder_embed_dim": cfg["hidden_size"],
        "encoder_projection_dropout": cfg.get("feat_proj_dropout", 0.0),
        "encoder_pos_conv_kernel": cfg["num_conv_pos_embeddings"],
        "encoder_pos_conv_groups": cfg["num_conv_pos_embedding_groups"],
        "encoder_num_layers": cfg["num_hidden_layers"],
        "encoder_num_heads": cfg["num_attention_heads"],
        "encoder_attention_dropout": cfg.get("attention_dropout", 0.0),
        "encoder_ff_interm_features": cfg["intermediate_size"],
        "encoder_ff_interm_dropout": cfg.get("activation_dropout", 0.0),
        "encoder_dropout": cfg.get("hidden_dropout", 0.0),
        "encoder_layer_norm_first": cfg.get("do_stable_layer_norm", False),
        "encoder_layer_drop": cfg.get("layerdrop", 0.0),
    }


def hf_to_torchaudio_state_dict(state: dict) -> dict:
    """Renames a Hugging Face wav2vec2 checkpoint's keys to torchaudio's module names (torchaudio's
    importer copies the same sub-state-dicts: feature_extractor, feature_projection, encoder)."""
    out = {}
    for key, value in state.items():
        k = key[len("wav2vec2."):] if key.startswith("wav2vec2.") else key
        if k.startswith("feature_extractor."):
            out[k] = value
        elif k.startswith("feature_projection."):
            out["encoder." + k] = value
        elif k.startswith("encoder."):
            name = k[len("encoder."):]
            # transformers >= 4.3x saves weight norm as parametrizations; torchaudio uses weight_g/_v
            name = name.replace("pos_conv_embed.conv.parametrizations.weight.original0", "pos_conv_embed.conv.weight_g")
            name = name.replace("pos_conv_embed.conv.parametrizations.weight.original1", "pos_conv_embed.conv.weight_v")
            out["encoder.transformer." + name] = value
    return out


def read_audio_preprocessing(audio_encoder_path: Optional[str]) -> dict:
    """What Wav2Vec2Processor does before the encoder (its preprocessor_config.json)."""
    result = {"audio_sample_rate": 16000, "audio_normalize": True}
    if audio_encoder_path:
        p = os.path.join(audio_encoder_path, "preprocessor_config.json")
        if os.path.isfile(p):
            with open(p) as f:
                cfg = json.load(f)
            result["audio_sample_rate"] = int(cfg.get("sampling_rate", 16000))
            result["audio_normalize"] = bool(cfg.get("do_normalize", True))
    return result
