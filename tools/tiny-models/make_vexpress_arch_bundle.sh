#!/bin/sh
# Makes the V-Express-architecture test bundle, vexpress-core/src/test/resources/vexpress-arch-bundle/:
# V-Express's own network classes with random weights, exported by tools/export exactly as a user would
# export the released checkpoints. The UNets keep SD-1.5's block layout (4 down / 4 up blocks, 2 layers
# per block, one transformer per attention, 8 heads), V-Express's reference attention and the motion
# modules of inference_v2.yaml (8 heads, 2 temporal self-attentions, position encoding up to 32 frames,
# at every resolution and in the mid block); only the widths are small (32 at every level, cross-attention
# and audio width 32) so that the bundle stays about 15 MB. AttentionMemoryTest runs the engine on it at
# 256, 384 and 512 pixels, and ExportedBundleVerificationTest replays its verification cases (V-Express's
# PyTorch modules vs the ONNX files) on every build.
#
# Made with: V-Express 6814f7d, diffusers v0.29.2, einops v0.4.1, Debian torch 1.13.1 and onnx 1.12 (the
# environment described in tools/export/README.md, section 1; /work/vxenv/env.sh sets it up here).
#
#   VEXPRESS_DIR=/path/to/V-Express sh tools/tiny-models/make_vexpress_arch_bundle.sh [extra export_bundle.py flags]
#
# It only calls the export tool, so after a change of the tool or the contract regenerating is this one
# command. Takes about 12 minutes on 2 cores.
set -eu
: "${VEXPRESS_DIR:?set VEXPRESS_DIR to a V-Express checkout}"
PYTHON=${PYTHON:-/usr/bin/python3}
repo=$(cd "$(dirname "$0")/../.." && pwd)
out="$repo/vexpress-core/src/test/resources/vexpress-arch-bundle"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$PYTHON" "$repo/tools/export/export_bundle.py" --vexpress_dir "$VEXPRESS_DIR" --output_dir "$tmp/bundle" \
    --tiny --tiny_unet_widths 32,32,32,32 --audio_encoder_backend torchaudio --seed 0 \
    --description "V-Express architecture at widths 32 with random weights (tools/tiny-models/make_vexpress_arch_bundle.sh)" \
    "$@"

rm -rf "$out"
mkdir -p "$out"
# the bundle, the tool's report and the verification cases (inputs and V-Express's PyTorch outputs)
cp -r "$tmp/bundle/." "$out/"
sed -i "s#$tmp/bundle/##g" "$out/export-report.json"
du -sh "$out"
