"""A tiny V-Express configuration for testing the export end to end without checkpoints.

Networks are V-Express's own classes at small widths, randomly initialised. V-Express's
``from_config_2d`` needs four down and four up blocks; widths (32, 32, 32, 128) with 8 normalisation
groups keep the 1x1 deepest level of a 64x64 image numerically stable. By default the audio encoder's
width equals the UNet's cross-attention width (as 768 = 768 in the real model); ``wav2vec2_config(width)``
gives a tiny encoder of another width, so that the audio feature width (the projection's input) and the
audio token width (its output) differ.
"""
import json
import os

TINY_WIDTH = 32  # UNet cross-attention width = audio token width = (by default) wav2vec2 hidden size

TINY_UNET_CONFIG = {
    "_class_name": "UNet2DConditionModel",
    "act_fn": "silu",
    "attention_head_dim": 8,
    "block_out_channels": [32, 32, 32, 128],
    "center_input_sample": False,
    "cross_attention_dim": TINY_WIDTH,
    "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
    "downsample_padding": 1,
    "flip_sin_to_cos": True,
    "freq_shift": 0,
    "in_channels": 4,
    "layers_per_block": 2,
    "mid_block_scale_factor": 1,
    "norm_eps": 1e-05,
    "norm_num_groups": 8,
    "out_channels": 4,
    "sample_size": 8,
    "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
}

TINY_VAE_CONFIG = {
    "in_channels": 3,
    "out_channels": 3,
    "down_block_types": ["DownEncoderBlock2D"] * 4,
    "up_block_types": ["UpDecoderBlock2D"] * 4,
    "block_out_channels": [8, 8, 16, 16],
    "layers_per_block": 1,
    "latent_channels": 4,
    "norm_num_groups": 4,
    "sample_size": 64,
}

# Hugging Face Wav2Vec2Config fields; the conv strides multiply to 320 samples (20 ms) per frame,
# as in wav2vec2-base.
TINY_WAV2VEC2_CONFIG = {
    "conv_dim": [16, 16, 16],
    "conv_kernel": [10, 4, 16],
    "conv_stride": [5, 4, 16],
    "conv_bias": False,
    "feat_extract_norm": "group",
    "hidden_size": TINY_WIDTH,
    "num_hidden_layers": 2,
    "num_attention_heads": 2,
    "intermediate_size": 64,
    "num_conv_pos_embeddings": 16,
    "num_conv_pos_embedding_groups": 4,
    "do_stable_layer_norm": False,
    "hidden_dropout": 0.0,
    "attention_dropout": 0.0,
    "activation_dropout": 0.0,
    "feat_proj_dropout": 0.0,
    "layerdrop": 0.0,
}



def wav2vec2_config(width: int) -> dict:
    """The tiny wav2vec2 configuration with hidden size ``width`` (a multiple of 4)."""
    return dict(TINY_WAV2VEC2_CONFIG, hidden_size=width)


TINY_KPS_GUIDER_BLOCKS = (8, 8, 16, 16)
TINY_AUDIO_PROJECTION = {"depth": 1, "heads": 2, "dim_head": 16, "ff_mult": 2, "input_dim": TINY_WIDTH}


def write_tiny_unet_config(directory: str) -> str:
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "config.json")
    with open(path, "w") as f:
        json.dump(TINY_UNET_CONFIG, f, indent=2)
    return path
