"""Export wrappers around V-Express's networks.

Everything here depends on torch only. The V-Express classes (its ``BasicTransformerBlock``,
``TemporalBasicTransformerBlock``, ``torch_dfs`` and the hooks its ``ReferenceAttentionControl``
installs) are handed in by the caller, so the wrappers' logic can be tested on stand-in modules
without V-Express's sources (tests/test_wrappers.py).

How V-Express shares reference features (modules/mutual_self_attention.py):
  * write mode (reference net): every ``BasicTransformerBlock`` appends ``norm2(hidden_states)``
    (after its self-attention) to ``block.bank``;
  * ``update()`` pairs reader and writer blocks with ``zip`` after sorting both lists by
    ``-block.norm1.normalized_shape[0]`` (a stable sort, so module order breaks ties), and with
    classifier-free guidance gives the reader ``torch.cat([zeros_like(v), v])``;
  * read mode (denoising UNet): every ``TemporalBasicTransformerBlock`` repeats ``bank[0]`` over the
    frames, attends to it with ``attn1_5`` and multiplies that output by ``reference_attention_weight``,
    and multiplies the audio cross-attention output (``attn2``) by ``audio_attention_weight``. Both
    weights are Python floats captured by the hook's closure.

The wrappers keep V-Express's own hooks (installed with both weights at 1.0, where V-Express skips
the multiplication) and add forward hooks on ``attn1_5`` and ``attn2`` that multiply by tensors
taken from the graph inputs, so one ONNX file serves every weight.
"""
from typing import Callable, Iterable, List, Sequence, Tuple

import torch
from torch import nn

REFERENCE_WEIGHT = "reference_attention_weight"
AUDIO_WEIGHT = "audio_attention_weight"


def bank_order(unet: nn.Module, block_types: Tuple[type, ...],
               module_walk: Callable[[nn.Module], List[nn.Module]]) -> List[nn.Module]:
    """The blocks of ``unet`` in the order ReferenceAttentionControl.update() pairs them.

    ``module_walk`` is V-Express's ``torch_dfs`` (pre-order walk); Python's ``sorted`` is stable,
    as in V-Express, so blocks of equal width keep module order.
    """
    blocks = [m for m in module_walk(unet) if isinstance(m, block_types)]
    return sorted(blocks, key=lambda m: -m.norm1.normalized_shape[0])


def check_pairing(writer_blocks: Sequence[nn.Module], reader_blocks: Sequence[nn.Module]) -> None:
    """Fails where V-Express's ``zip`` would silently drop or mismatch reference features."""
    if len(writer_blocks) != len(reader_blocks):
        raise ValueError(f"the reference net has {len(writer_blocks)} transformer blocks but the "
                         f"denoising UNet has {len(reader_blocks)}: V-Express's zip() would drop "
                         f"features; the two networks do not come from the same UNet config")
    for i, (w, r) in enumerate(zip(writer_blocks, reader_blocks)):
        ww, rw = w.norm1.normalized_shape[0], r.norm1.normalized_shape[0]
        if ww != rw:
            raise ValueError(f"reference feature {i}: writer width {ww} != reader width {rw}")


class ReferenceFeatures(nn.Module):
    """``reference_net``: latent [1, Cl, h, w] -> ref_0..ref_{K-1}, each [1, L_k, C_k].

    Runs the reference UNet as V-Express's ``mean_overlap`` does (``timestep=0``, zero text states
    ``[1, 1, text_state_width]``) with the write hooks installed, and returns each writer block's bank
    entry in pairing order. Layers after the last transformer block feed no output, so the ONNX
    exporter drops them.
    """

    def __init__(self, reference_net: nn.Module, writer_blocks: Sequence[nn.Module],
                 text_state_width: int):
        super().__init__()
        self.reference_net = reference_net
        # A plain list: these blocks are already submodules of reference_net.
        self._writer_blocks = list(writer_blocks)
        self.text_state_width = int(text_state_width)

    @property
    def num_features(self) -> int:
        return len(self._writer_blocks)

    def forward(self, latent: torch.Tensor) -> Tuple[torch.Tensor, ...]:
        for block in self._writer_blocks:
            block.bank = []
        text_states = torch.zeros((1, 1, self.text_state_width), dtype=latent.dtype,
                                  device=latent.device)
        self.reference_net(latent, timestep=0, encoder_hidden_states=text_states, return_dict=False)
        features = []
        for i, block in enumerate(self._writer_blocks):
            if len(block.bank) != 1:
                raise RuntimeError(f"writer block {i} stored {len(block.bank)} features, expected 1: "
                                   f"are V-Express's write hooks installed?")
            features.append(block.bank[0])
            block.bank = []
        return tuple(features)


class _WeightScale:
    """Forward hook multiplying a module's output by the current value of one weight input."""

    def __init__(self, owner: "DenoisingUNet", key: str):
        self.owner = owner
        self.key = key

    def __call__(self, module, inputs, output):
        weight = self.owner._weights.get(self.key)
        if weight is None:  # called outside DenoisingUNet.forward: leave V-Express's behaviour
            return None
        return output * weight


class DenoisingUNet(nn.Module):
    """``denoising_unet``: (sample, timestep, audio_tokens, kps_features, ref_0..ref_{K-1},
    reference_attention_weight, audio_attention_weight) -> noise_pred.

    ``ref_k`` arrive with the batch layout the engine uses ([B, L_k, C_k], with classifier-free
    guidance B = 2 and zeros first, exactly what V-Express's ``update()`` builds); V-Express's read
    hook repeats them over the frames. The reader blocks must already carry V-Express's read hooks
    installed with both weights equal to 1.0.

    ``repeat_reference_over_frames``: hand the features to the read hook as ``[B, L_k, C_k]``, which it
    repeats over the frames (V-Express's path), or as ``[B, 1, L_k, C_k]``, which it passes on un-repeated
    (for a reference attention that folds the frames into its queries, see attention.py).
    """

    def __init__(self, unet: nn.Module, reader_blocks: Sequence[nn.Module], repeat_reference_over_frames: bool = True):
        super().__init__()
        self.unet = unet
        self.repeat_reference_over_frames = repeat_reference_over_frames
        self._reader_blocks = list(reader_blocks)
        self._weights = {}
        self._hooks = []
        for block in self._reader_blocks:
            self._hooks.append(block.attn1_5.register_forward_hook(_WeightScale(self, REFERENCE_WEIGHT)))
            if getattr(block, "attn2", None) is not None:
                self._hooks.append(block.attn2.register_forward_hook(_WeightScale(self, AUDIO_WEIGHT)))

    @property
    def num_features(self) -> int:
        return len(self._reader_blocks)

    def input_names(self) -> List[str]:
        return (["sample", "timestep", "audio_tokens", "kps_features"]
                + [f"ref_{i}" for i in range(self.num_features)] + [REFERENCE_WEIGHT, AUDIO_WEIGHT])

    def forward(self, sample, timestep, audio_tokens, kps_features, *features_and_weights):
        k = self.num_features
        if len(features_and_weights) != k + 2:
            raise ValueError(f"expected {k} reference features and 2 weights, got "
                             f"{len(features_and_weights)} tensors")
        features = features_and_weights[:k]
        self._weights = {REFERENCE_WEIGHT: features_and_weights[k], AUDIO_WEIGHT: features_and_weights[k + 1]}
        for block, feature in zip(self._reader_blocks, features):
            # the read hook repeats 3-d features over the frames and flattens 4-d ones as they are
            block.bank = [feature if self.repeat_reference_over_frames else feature.unsqueeze(1)]
        try:
            return self.unet(sample, timestep, encoder_hidden_states=audio_tokens,
                             kps_features=kps_features, return_dict=False)[0]
        finally:
            self._weights = {}
            for block in self._reader_blocks:
                block.bank = []


class VaeEncoderMean(nn.Module):
    """``vae_encoder``: image [1, 3, H, W] in [-1, 1] -> ``latent_dist.mean`` (unscaled)."""

    def __init__(self, vae: nn.Module):
        super().__init__()
        self.vae = vae

    def forward(self, image):
        return self.vae.encode(image).latent_dist.mean


class VaeDecoder(nn.Module):
    """``vae_decoder``: latents already divided by the scaling factor -> images in about [-1, 1]."""

    def __init__(self, vae: nn.Module):
        super().__init__()
        self.vae = vae

    def forward(self, latent):
        return self.vae.decode(latent).sample


class AudioEncoderLastHiddenState(nn.Module):
    """``audio_encoder``: waveform [1, S] -> last hidden state [1, N, D].

    Accepts a transformers ``Wav2Vec2Model`` (output has ``last_hidden_state``) or torchaudio's
    ``Wav2Vec2Model`` (returns ``(features, lengths)``).
    """

    def __init__(self, encoder: nn.Module):
        super().__init__()
        self.encoder = encoder

    def forward(self, waveform):
        out = self.encoder(waveform)
        if hasattr(out, "last_hidden_state"):
            return out.last_hidden_state
        return out[0]


class Float32Boundary(nn.Module):
    """Runs ``inner`` in ``compute_dtype`` while inputs and outputs stay float32 (the contract's I/O).

    Integer inputs (timesteps) pass unchanged.
    """

    def __init__(self, inner: nn.Module, compute_dtype: torch.dtype):
        super().__init__()
        self.inner = inner
        self.compute_dtype = compute_dtype

    def forward(self, *args):
        cast = [a.to(self.compute_dtype) if torch.is_floating_point(a) else a for a in args]
        out = self.inner(*cast)
        if isinstance(out, (tuple, list)):
            return tuple(o.float() for o in out)
        return out.float()


def randomize_zero_parameters(module: nn.Module, generator: torch.Generator, std: float = 0.02) -> int:
    """Gives every all-zero weight tensor (V-Express zero-initialises the keypoint guider's output,
    the motion modules' projections and ``attn2.to_out``) small random values, so a randomly
    initialised test network exercises every path. Returns how many tensors were changed."""
    changed = 0
    with torch.no_grad():
        for name, p in module.named_parameters():
            if p.dim() > 1 and not torch.any(p != 0):
                p.copy_(torch.randn(p.shape, generator=generator, dtype=torch.float32).to(p.dtype) * std)
                changed += 1
    return changed
