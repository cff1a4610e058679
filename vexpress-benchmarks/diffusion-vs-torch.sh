#!/bin/sh
# Runs the diffusion JMH benchmarks, then the same operations in torch eager, and prints ns/element and the
# torch/Java ratio. Run from the repository root:  sh vexpress-benchmarks/diffusion-vs-torch.sh
# Extra arguments go to JMH (e.g. -f 1 -wi 2 -i 3 for a quicker run).
#
# torch's timings depend on glibc's allocator: with its default, dynamic mmap threshold a torch process lands
# at random in a slow mode (every 1.6 MB temporary is a fresh mmap: page faults on every operation, up to ~26x
# slower) or a fast one (the temporaries are reused from the heap). The headline run therefore pins the
# allocator (MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456: temporaries below 64 MiB come
# from the heap, which is trimmed only above 256 MiB free), which gives the fast mode every time; two runs with
# glibc's defaults follow, each printing its page faults so the mode it landed in is visible. Java is not
# affected (its buffers live in the JVM's own heap and direct memory).
#
# compare_torch.py needs what tools/goldens/diffusion.py needs: Debian's torch 1.13 (/usr/bin/python3) and
# diffusers 0.29.2 importable (on the project machine: `. /work/vxenv/env.sh` first). Checked before JMH runs.
set -e
cd "$(dirname "$0")/.."
if ! /usr/bin/python3 -c "import torch, diffusers" 2>/dev/null; then
    echo "diffusion-vs-torch.sh: /usr/bin/python3 cannot import torch and diffusers; set PYTHONPATH as for" \
         "tools/goldens/diffusion.py (on the project machine: . /work/vxenv/env.sh)" >&2
    exit 2
fi
mvn -B -ntp -o -q -pl vexpress-benchmarks -am package \
    org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DskipTests
CP="vexpress-benchmarks/target/classes:$(cat vexpress-benchmarks/target/classpath.txt)"
OUT=vexpress-benchmarks/target/jmh-diffusion.json
java -cp "$CP" org.openjdk.jmh.Main 'io\.vexpress\.benchmarks\.diffusion\..*' -rf json -rff "$OUT" "$@"
echo
echo "== torch with glibc's allocator pinned: MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456"
MALLOC_MMAP_THRESHOLD_=67108864 MALLOC_TRIM_THRESHOLD_=268435456 /usr/bin/python3 vexpress-benchmarks/compare_torch.py "$OUT"
for run in 1 2; do
    echo
    echo "== torch with glibc's default allocator settings (run $run of 2: slow or fast mode at random)"
    env -u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_ /usr/bin/python3 vexpress-benchmarks/compare_torch.py "$OUT"
done
