#!/usr/bin/env bash
# Checks the export tool where a GPU, PyTorch 2.x, transformers and onnxruntime (Python) exist:
#  1. torchaudio's wav2vec2 (our fallback) gives transformers' Wav2Vec2Model last hidden state;
#  2. the tiny configuration, fp32 and fp16 (traced on CUDA), verified with onnxruntime;
#  3. random V-Express networks at the real SD-1.5 / sd-vae-ft-mse / wav2vec2-base sizes (shapes,
#     file sizes, external data), fp32 and fp16, verified with onnxruntime.
# Needs tools/export/.sources/ (not committed): V-Express/ (a checkout), py/ (diffusers 0.29.2's
# src/diffusers, omegaconf, antlr4), einops/, hfhub/ (huggingface_hub 0.25, only if the installed one
# breaks diffusers 0.29.2). Writes reports to $OUT (default ./gpu-check).
# With this project's `run` device tool (which copies the main checkout): put the sources under the
# main checkout's tools/export/.sources (ignored by git) and call
#   run(command="OUT=$OUT bash tools/export/verify_on_gpu.sh", carry=["tools/export/.sources"])
set -u
cd "$(dirname "$0")"
OUT=${OUT:-$PWD/gpu-check}
WORK=${WORK:-/tmp/vexpress-export-check}
mkdir -p "$OUT" "$WORK"
PY=${PYTHON:-python3}
export PYTHONPATH=$PWD/.sources/py:$PWD/.sources/einops${PYTHONPATH:+:$PYTHONPATH}
DEVICE=cuda
$PY -c "import torch; assert torch.cuda.is_available()" || DEVICE=cpu
{
  nvidia-smi --query-gpu=name,memory.total --format=csv 2>&1 | tail -1
  $PY -c "import sys, torch, onnx; print(sys.version.split()[0], 'torch', torch.__version__, 'onnx', onnx.__version__)"
  $PY -c "import onnxruntime, transformers, huggingface_hub; print('ort', onnxruntime.__version__, 'transformers', transformers.__version__, 'hub', huggingface_hub.__version__)"
  $PY -c "import torchaudio; print('torchaudio', torchaudio.__version__)"
  $PY -c "import diffusers; print('diffusers', diffusers.__version__)" 2>&1 | tail -1
} > "$OUT/env.txt" 2>&1
if ! $PY -c "import diffusers.models" > /dev/null 2>&1; then
  echo "installed huggingface_hub breaks diffusers 0.29.2: using the carried 0.25" >> "$OUT/env.txt"
  export PYTHONPATH=$PWD/.sources/hfhub:$PYTHONPATH
fi
cat "$OUT/env.txt"

timeout 120 $PY - > "$OUT/wav2vec2-equivalence.txt" 2>&1 <<'PYEOF'
import json, os, sys, tempfile, torch
sys.path.insert(0, ".")
from transformers import Wav2Vec2Config, Wav2Vec2Model
from vexpress_export import vexpress_loading as vl
cfg = json.load(open("reference-configs/wav2vec2-base-960h/config.json"))
torch.manual_seed(0)
hf = Wav2Vec2Model(Wav2Vec2Config(**cfg)).eval()
with tempfile.TemporaryDirectory() as d:
    # the torchaudio path reads pytorch_model.bin; transformers 5 writes safetensors only, so save it by hand
    hf.config.save_pretrained(d)
    torch.save(hf.state_dict(), os.path.join(d, "pytorch_model.bin"))
    ta = vl.build_audio_encoder(d, backend="torchaudio")
x = torch.randn(1, 16000 * 3 + 123)
with torch.no_grad():
    a = hf(x).last_hidden_state
    b = ta(x)[0]
print("transformers last_hidden_state", tuple(a.shape), "torchaudio", tuple(b.shape))
print("max abs difference", (a - b).abs().max().item(), "max abs value", a.abs().max().item())
PYEOF
cat "$OUT/wav2vec2-equivalence.txt"

V=$PWD/.sources/V-Express
timeout ${TINY_TIMEOUT:-170} $PY export_bundle.py --vexpress_dir "$V" --output_dir "$WORK/tiny" --tiny --dtype ${TINY_DTYPE:-fp16} --device $DEVICE \
  > "$OUT/tiny.log" 2>&1; echo "tiny exit $?" >> "$OUT/tiny.log"
grep -v -i "warn\|deprecat\|^ " "$OUT/tiny.log" | tail -40
cp "$WORK/tiny/export-report.json" "$OUT/tiny-export-report.json" 2>/dev/null
cp "$WORK/tiny/manifest.json" "$OUT/tiny-manifest.json" 2>/dev/null

R=$PWD/reference-configs
timeout ${REAL_TIMEOUT:-330} $PY export_bundle.py --vexpress_dir "$V" --output_dir "$WORK/sd15" --random_init --dtype both --device $DEVICE \
  --components denoising_unet,reference_net,vae_encoder,vae_decoder,v_kps_guider,audio_encoder,audio_projection \
  --unet_config_path "$R/stable-diffusion-v1-5/unet/config.json" --vae_path "$R/sd-vae-ft-mse" \
  --audio_encoder_path "$R/wav2vec2-base-960h" --inference_config "$V/inference_v2.yaml" \
  > "$OUT/sd15.log" 2>&1; echo "sd15 exit $?" >> "$OUT/sd15.log"
grep -v -i "warn\|deprecat\|^ " "$OUT/sd15.log" | tail -40
cp "$WORK/sd15/export-report.json" "$OUT/sd15-export-report.json" 2>/dev/null
cp "$WORK/sd15/manifest.json" "$OUT/sd15-manifest.json" 2>/dev/null
ls -l "$WORK/sd15" > "$OUT/sd15-files.txt" 2>&1
