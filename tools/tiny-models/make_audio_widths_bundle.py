#!/usr/bin/python3
"""Audio models whose feature width differs from the token width, for the engine's test of that case.

V-Express only needs the audio encoder's output width to equal the audio projection's input width; the
projection's output (the UNet's audio tokens) may be wider or narrower. This script exports, with
tools/export and V-Express's own classes at tiny sizes and random weights, a wav2vec2 encoder of width 48 and
V-Express's AudioProjection mapping 48 -> 32, the audio token width of the committed tiny bundle. Put in place of
the tiny bundle's audio_encoder.onnx and audio_projection.onnx, they make a bundle whose two audio widths differ
(AudioWidthsBundleTest does that).

Run from the repository root with Debian's torch 1.13 / torchaudio 0.13 / onnx and a V-Express checkout
(VEXPRESS_DIR; on the project machine `source /work/vxenv/env.sh`, see tools/export/README.md):

    /usr/bin/python3 tools/tiny-models/make_audio_widths_bundle.py [--vexpress_dir $VEXPRESS_DIR]

Writes vexpress-core/src/test/resources/audio-widths/{audio_encoder,audio_projection}.onnx (about 100 KB) and
prints the export tool's contract check, which must pass.
"""
import argparse
import json
import os
import shutil
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'vexpress-core', 'src', 'test', 'resources', 'audio-widths')
FEATURE_WIDTH = 48  # the tiny wav2vec2's hidden size = the projection's input width
sys.path.insert(0, os.path.join(ROOT, 'tools', 'export'))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vexpress_dir', default=os.environ.get('VEXPRESS_DIR'))
    args = ap.parse_args()
    if not args.vexpress_dir:
        ap.error('pass --vexpress_dir or set VEXPRESS_DIR')
    from vexpress_export import bundle
    with tempfile.TemporaryDirectory() as tmp:
        code = bundle.main(['--vexpress_dir', args.vexpress_dir, '--output_dir', tmp, '--tiny', '--seed', '7',
                            '--components', 'audio_encoder,audio_projection', '--audio_encoder_backend', 'torchaudio',
                            '--audio_projection_input_dim', str(FEATURE_WIDTH), '--verify', 'no'])
        if code:
            raise SystemExit(f'export failed ({code})')
        with open(os.path.join(tmp, 'export-report.json')) as f:
            report = json.load(f)
        if report.get('contract_problems'):
            raise SystemExit(f'contract problems: {report["contract_problems"]}')
        os.makedirs(OUT, exist_ok=True)
        for name in ('audio_encoder.onnx', 'audio_projection.onnx'):
            io = report['components'][name]['io']
            print(name, {k: v['shape'] for part in io.values() for k, v in part.items()})
            shutil.copyfile(os.path.join(tmp, name), os.path.join(OUT, name))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
