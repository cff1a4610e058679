#!/bin/sh
# Fuzzes one of vexpress-media's Jazzer fuzz tests for a set time (coverage-guided; needs only Java 17 and Maven).
#
#   tools/fuzz/fuzz.sh TARGET [SECONDS]
#
# TARGET is Class#method, one of:
#   KeypointReadersFuzzTest#anyKeypointFile   kps.pth (ZIP + restricted unpickler), .npy and JSON through KpsCodec.read
#   KeypointReadersFuzzTest#pickle            the restricted unpickler and the array decoding alone
#   KeypointReadersFuzzTest#npy               the .npy reader
#   KeypointReadersFuzzTest#json              the JSON keypoint reader
#   ImageHeaderFuzzTest#header                the image-header parser (size, EXIF orientation)
# SECONDS defaults to 300. The fuzzer starts from the committed corpus (src/test/resources/io/vexpress/media/
# {kps,image}/*FuzzTestInputs), keeps what it learns in vexpress-media/.cifuzz-corpus/ (not committed), and writes an
# input that crashes or hangs the target into the target's own Inputs/<method>/ folder: commit it with the fix, and
# every later build replays it ('mvn verify' runs the fuzz tests on their corpus, without fuzzing).
set -eu
target=${1:?usage: tools/fuzz/fuzz.sh Class#method [seconds]}
seconds=${2:-300}
cd "$(dirname "$0")/../.."
JAZZER_FUZZ=1 exec mvn -B -ntp -pl vexpress-media -am test-compile surefire:test@fuzz-corpus \
    -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.hooks=true \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds"
