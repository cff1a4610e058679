#!/usr/bin/python3
"""Builds the "shape-faithful" model bundle that vexpress-benchmarks' denoising-step benchmark runs.

Run from the repository root with Debian's onnx (1.12):

    /usr/bin/python3 tools/tiny-models/make_shape_faithful_bundle.py

It writes vexpress-benchmarks/src/main/resources/io/vexpress/benchmarks/step/shape-faithful-bundle/: a
manifest.json (format 2) and the six networks of docs/model-bundle.md with exactly the contract's inputs and
outputs at the real V-Express sizes (SD-1.5: latent channels 4, audio width 768, 16 reference features with
SD-1.5's token counts and channels, the window's uint8 V-Kps images [1, 3, 24, 512, 512]), but trivial compute
(pooling, a 1x1 product, broadcasting), so that a generation through them measures what Java adds around the
models at full size: rendering the window's V-Kps images, binding ~120 MB of denoiser inputs per guided 24-frame
window, guidance, accumulation, the scheduler step.

The denoiser is

    noise_pred = sample * reference_attention_weight + 0 * (one element of every other input)

Touching one element of every input keeps every input live, as in the real export (whose V-Kps guider, inside
the denoiser, reads all of kps_images: that compute is the model's, not what this bundle measures). Batch, frames, image
and latent sizes and token counts are dynamic, as the contract asks; channel counts are fixed. The files
are a few kilobytes each and deterministic, so they are committed.
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'vexpress-benchmarks', 'src', 'main', 'resources', 'io', 'vexpress', 'benchmarks', 'step',
                   'shape-faithful-bundle')

LATENT_C = 4
AUDIO_D = 768
NUM_PAD = 2
TOKENS = 2 * NUM_PAD + 1

# The 16 reference features of SD-1.5's UNet: the norm2 outputs of its transformer blocks in module order
# (down, up, mid: diffusers registers up_blocks before mid_block), stably sorted by -channels as
# ReferenceAttentionControl does. (channels, latent downsampling): 1280 channels for down 2 x2 and up 1 x3 at
# 1/4 of the latent (16x16 = 256 tokens at 512x512) and the mid block at 1/8 (8x8 = 64); 640 for down 1 x2 and
# up 2 x3 at 1/2 (1024 tokens); 320 for down 0 x2 and up 3 x3 at full latent size (4096 tokens).
REFERENCE_FEATURES = [(1280, 4)] * 5 + [(1280, 8)] + [(640, 2)] * 5 + [(320, 1)] * 5


def value(name, dims, elem=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem, dims)


def save(name, nodes, inputs, outputs, initializers):
    graph = helper.make_graph(nodes, name, inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)],
                              producer_name='vexpress tools/tiny-models/make_shape_faithful_bundle.py')
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    path = os.path.join(OUT, name + '.onnx')
    onnx.save(model, path)
    print(f'wrote {path} ({os.path.getsize(path)} bytes)')


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def vae_encoder():
    # [1,3,H,W] -> average 8x8 -> [1,3,h,w] -> 1x1 conv -> [1,4,h,w]
    nodes = [helper.make_node('AveragePool', ['image'], ['pooled'], kernel_shape=[8, 8], strides=[8, 8]),
             helper.make_node('Conv', ['pooled', 'w'], ['latent_mean'])]
    w = const('w', np.full((LATENT_C, 3, 1, 1), 0.1, dtype=np.float32))
    save('vae_encoder', nodes, [value('image', [1, 3, 'H', 'W'])], [value('latent_mean', [1, LATENT_C, 'h', 'w'])], [w])


def vae_decoder():
    # [N,4,h,w] -> 1x1 conv -> [N,3,h,w] -> nearest x8 -> [N,3,H,W]
    nodes = [helper.make_node('Conv', ['latent', 'w'], ['rgb']),
             helper.make_node('Resize', ['rgb', '', 'scales'], ['image'], mode='nearest')]
    inits = [const('w', np.full((3, LATENT_C, 1, 1), 0.1, dtype=np.float32)),
             const('scales', np.array([1, 1, 8, 8], dtype=np.float32))]
    save('vae_decoder', nodes, [value('latent', ['N', LATENT_C, 'h', 'w'])], [value('image', ['N', 3, 'H', 'W'])], inits)


def reference_net():
    # per feature: average over s x s -> channel mean -> [1, L, 1] -> broadcast to [1, L, C]
    nodes, outputs = [], []
    inits = [const('to_tokens', np.array([1, -1, 1], dtype=np.int64))]
    for k, (channels, s) in enumerate(REFERENCE_FEATURES):
        src = 'latent'
        if s > 1:
            nodes.append(helper.make_node('AveragePool', ['latent'], [f'p{k}'], kernel_shape=[s, s], strides=[s, s]))
            src = f'p{k}'
        nodes.append(helper.make_node('ReduceMean', [src], [f'm{k}'], axes=[1], keepdims=1))
        nodes.append(helper.make_node('Reshape', [f'm{k}', 'to_tokens'], [f't{k}']))
        inits.append(const(f'ones{k}', np.ones((1, 1, channels), dtype=np.float32)))
        nodes.append(helper.make_node('Mul', [f't{k}', f'ones{k}'], [f'ref_{k}']))
        outputs.append(value(f'ref_{k}', [1, f'L{k}', channels]))
    save('reference_net', nodes, [value('latent', [1, LATENT_C, 'h', 'w'])], outputs, inits)


def audio_encoder():
    # wav2vec2's 50 Hz frames: average windows of 400 samples every 320 -> [1, N, 1] -> broadcast to 768
    nodes = [helper.make_node('Unsqueeze', ['waveform', 'axis1'], ['w3']),
             helper.make_node('AveragePool', ['w3'], ['pooled'], kernel_shape=[400], strides=[320]),
             helper.make_node('Transpose', ['pooled'], ['frames'], perm=[0, 2, 1]),
             helper.make_node('Mul', ['frames', 'ones'], ['last_hidden_state'])]
    inits = [const('axis1', np.array([1], dtype=np.int64)), const('ones', np.ones((1, 1, AUDIO_D), dtype=np.float32))]
    save('audio_encoder', nodes, [value('waveform', [1, 'S'])], [value('last_hidden_state', [1, 'N', AUDIO_D])], inits)


def audio_projection():
    # [T, 2(2P+1), D] -> the first 2P+1 rows
    nodes = [helper.make_node('Slice', ['audio_windows', 'starts', 'ends', 'axes'], ['audio_tokens'])]
    inits = [const('starts', np.array([0], dtype=np.int64)), const('ends', np.array([TOKENS], dtype=np.int64)),
             const('axes', np.array([1], dtype=np.int64))]
    save('audio_projection', nodes, [value('audio_windows', ['T', 2 * TOKENS, AUDIO_D])],
         [value('audio_tokens', ['T', TOKENS, AUDIO_D])], inits)


def denoising_unet():
    inputs = [value('sample', ['B', LATENT_C, 'T', 'h', 'w']),
              value('timestep', [], TensorProto.INT64),
              value('audio_tokens', ['BT', TOKENS, AUDIO_D]),
              value('kps_images', [1, 3, 'T', 'H', 'W'], TensorProto.UINT8)]
    for k, (channels, _) in enumerate(REFERENCE_FEATURES):
        inputs.append(value(f'ref_{k}', ['B', f'L{k}', channels]))
    inputs += [value('reference_attention_weight', [1]), value('audio_attention_weight', [1])]
    nodes, inits = [], [const('zero', np.array(0.0, dtype=np.float32)), const('flat', np.array([1], dtype=np.int64))]

    def first_element(name, rank, cast=False):
        inits.append(const(f'{name}_starts', np.zeros(rank, dtype=np.int64)))
        inits.append(const(f'{name}_ends', np.ones(rank, dtype=np.int64)))
        nodes.append(helper.make_node('Slice', [name, f'{name}_starts', f'{name}_ends'], [f'{name}_first']))
        if cast:
            nodes.append(helper.make_node('Cast', [f'{name}_first'], [f'{name}_first_f'], to=TensorProto.FLOAT))
            nodes.append(helper.make_node('Reshape', [f'{name}_first_f', 'flat'], [f'{name}_1']))
        else:
            nodes.append(helper.make_node('Reshape', [f'{name}_first', 'flat'], [f'{name}_1']))
        return f'{name}_1'

    touched = [first_element('audio_tokens', 3), first_element('kps_images', 5, cast=True)]
    touched += [first_element(f'ref_{k}', 3) for k in range(len(REFERENCE_FEATURES))]
    nodes.append(helper.make_node('Cast', ['timestep'], ['timestep_f'], to=TensorProto.FLOAT))
    nodes.append(helper.make_node('Reshape', ['timestep_f', 'flat'], ['timestep_1']))
    touched += ['timestep_1', 'audio_attention_weight']
    nodes.append(helper.make_node('Sum', touched, ['touched_sum']))
    nodes.append(helper.make_node('Mul', ['touched_sum', 'zero'], ['touched_zero']))
    nodes.append(helper.make_node('Mul', ['sample', 'reference_attention_weight'], ['scaled']))
    nodes.append(helper.make_node('Add', ['scaled', 'touched_zero'], ['noise_pred']))
    save('denoising_unet', nodes, inputs, [value('noise_pred', ['B', LATENT_C, 'T', 'h', 'w'])], inits)


def main():
    os.makedirs(OUT, exist_ok=True)
    vae_encoder()
    vae_decoder()
    reference_net()
    audio_encoder()
    audio_projection()
    denoising_unet()
    manifest = {
        'format': 'vexpress-model-bundle',
        'format_version': 2,
        'models': {name: name + '.onnx' for name in (
            'vae_encoder', 'vae_decoder', 'reference_net', 'denoising_unet', 'audio_encoder', 'audio_projection')},
        'scaling_factor': 0.18215,
        'num_pad_audio_frames': NUM_PAD,
        'audio_sample_rate': 16000,
        'audio_normalize': True,
        'description': 'Shape-faithful benchmark networks: the real V-Express input/output sizes with trivial compute'
                       ' (tools/tiny-models/make_shape_faithful_bundle.py). Not a model: output is meaningless.',
    }
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
