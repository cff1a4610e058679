#!/usr/bin/env bash
# Makes the demo's speech: vexpress-examples/src/main/resources/io/vexpress/examples/demo/speech.wav,
# a 16 kHz mono 16-bit WAV spoken by espeak-ng (Debian: apt-get install -y espeak-ng ffmpeg).
# Rerun from the repository root: tools/demo-assets/make_demo_speech.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=vexpress-examples/src/main/resources/io/vexpress/examples/demo/speech.wav
tmp=$(mktemp --suffix=.wav)
trap 'rm -f "$tmp"' EXIT
espeak-ng -v en-us -s 150 -w "$tmp" "Hello from V Express for Java. This is the demo."
# espeak-ng speaks at 22.05 kHz; V-Express works at 16 kHz. Bit-exact flags keep the file reproducible.
ffmpeg -hide_banner -loglevel error -y -i "$tmp" -ar 16000 -ac 1 -c:a pcm_s16le \
  -map_metadata -1 -fflags +bitexact -flags:a +bitexact "$out"
echo "wrote $out"
