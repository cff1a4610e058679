#!/usr/bin/python3
"""Builds the "shape-faithful" denoiser that vexpress-benchmarks' denoising-step benchmark runs.

Run from the repository root with Debian's onnx (1.12):

    /usr/bin/python3 tools/tiny-models/make_shape_faithful_denoiser.py

It writes vexpress-benchmarks/src/main/resources/io/vexpress/benchmarks/step/denoising_unet_shape_faithful.onnx:
a `denoising_unet` with exactly the inputs and outputs of docs/model-bundle.md at the real V-Express
sizes (SD-1.5: latent channels 4, keypoint-feature channels 320, audio width 768, 16 reference features
with SD-1.5's token counts and channels at 512x512), but trivial compute:

    noise_pred = sample * reference_attention_weight + 0 * (one element of every other input)

so that a benchmark step through it measures what Java adds around the model (binding ~350 MB of inputs
for a guided 24-frame window, guidance, accumulation, the scheduler step), not the model. Touching one
element of every input keeps every input live in the graph, as in the real export. Batch, frames and the
latent size are dynamic, as the contract asks; the channel counts are fixed.

The file is a few kilobytes and deterministic, so it is committed.
"""
import os

import onnx
from onnx import TensorProto, helper

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'vexpress-benchmarks', 'src', 'main', 'resources', 'io', 'vexpress', 'benchmarks', 'step',
                   'denoising_unet_shape_faithful.onnx')

LATENT_C = 4
KPS_C = 320
AUDIO_D = 768
TOKENS = 5  # 2 * num_pad_audio_frames + 1

# The 16 reference features of SD-1.5's UNet at 512x512 (latent 64x64): the norm2 outputs of its transformer
# blocks in module order (down, up, mid: diffusers registers up_blocks before mid_block), stably sorted by
# -channels as ReferenceAttentionControl does: 1280 channels (down 2 x2 and up 1 x3 at 16x16 = 256 tokens,
# mid at 8x8 = 64), 640 (down 1 x2, up 2 x3 at 32x32 = 1024), 320 (down 0 x2, up 3 x3 at 64x64 = 4096).
# Token counts are dynamic in the contract; the benchmark feeds these.
REFERENCE_FEATURES = ([1280] * 6) + ([640] * 5) + ([320] * 5)


def main():
    inputs = [
        helper.make_tensor_value_info('sample', TensorProto.FLOAT, ['B', LATENT_C, 'T', 'h', 'w']),
        helper.make_tensor_value_info('timestep', TensorProto.INT64, []),
        helper.make_tensor_value_info('audio_tokens', TensorProto.FLOAT, ['BT', TOKENS, AUDIO_D]),
        helper.make_tensor_value_info('kps_features', TensorProto.FLOAT, ['B', KPS_C, 'T', 'h', 'w']),
    ]
    for k, channels in enumerate(REFERENCE_FEATURES):
        inputs.append(helper.make_tensor_value_info(f'ref_{k}', TensorProto.FLOAT, ['B', f'L{k}', channels]))
    inputs.append(helper.make_tensor_value_info('reference_attention_weight', TensorProto.FLOAT, [1]))
    inputs.append(helper.make_tensor_value_info('audio_attention_weight', TensorProto.FLOAT, [1]))
    outputs = [helper.make_tensor_value_info('noise_pred', TensorProto.FLOAT, ['B', LATENT_C, 'T', 'h', 'w'])]

    nodes = []
    initializers = [helper.make_tensor('zero', TensorProto.FLOAT, [], [0.0])]

    def first_element(name, rank):
        """[1]*rank slice holding element 0 of input `name`."""
        starts = helper.make_tensor(f'{name}_starts', TensorProto.INT64, [rank], [0] * rank)
        ends = helper.make_tensor(f'{name}_ends', TensorProto.INT64, [rank], [1] * rank)
        initializers.extend([starts, ends])
        out = f'{name}_first'
        nodes.append(helper.make_node('Slice', [name, starts.name, ends.name], [out]))
        flat = helper.make_tensor(f'{name}_flat', TensorProto.INT64, [1], [1])
        initializers.append(flat)
        nodes.append(helper.make_node('Reshape', [out, flat.name], [out + '1']))
        return out + '1'

    touched = [first_element('audio_tokens', 3), first_element('kps_features', 5)]
    touched += [first_element(f'ref_{k}', 3) for k in range(len(REFERENCE_FEATURES))]
    touched.append('audio_attention_weight')
    nodes.append(helper.make_node('Cast', ['timestep'], ['timestep_f'], to=TensorProto.FLOAT))
    nodes.append(helper.make_node('Reshape', ['timestep_f', 'audio_tokens_flat'], ['timestep_f1']))
    touched.append('timestep_f1')
    nodes.append(helper.make_node('Sum', touched, ['touched_sum']))
    nodes.append(helper.make_node('Mul', ['touched_sum', 'zero'], ['touched_zero']))
    nodes.append(helper.make_node('Mul', ['sample', 'reference_attention_weight'], ['scaled']))
    nodes.append(helper.make_node('Add', ['scaled', 'touched_zero'], ['noise_pred']))

    graph = helper.make_graph(nodes, 'denoising_unet_shape_faithful', inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', 17)],
                              producer_name='vexpress tools/tiny-models/make_shape_faithful_denoiser.py')
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    onnx.save(model, OUT)
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
