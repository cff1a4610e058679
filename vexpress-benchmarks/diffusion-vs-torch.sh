#!/bin/sh
# Runs the diffusion JMH benchmarks, then the same operations in torch eager, and prints ns/element and the
# torch/Java ratio. Run from the repository root:  sh vexpress-benchmarks/diffusion-vs-torch.sh
# Extra arguments go to JMH (e.g. -f 1 -wi 2 -i 3 for a quicker run).
set -e
cd "$(dirname "$0")/.."
mvn -B -ntp -o -q -pl vexpress-benchmarks -am package \
    org.apache.maven.plugins:maven-dependency-plugin:2.8:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -DskipTests
CP="vexpress-benchmarks/target/classes:$(cat vexpress-benchmarks/target/classpath.txt)"
OUT=vexpress-benchmarks/target/jmh-diffusion.json
java -cp "$CP" org.openjdk.jmh.Main 'io\.vexpress\.benchmarks\.diffusion\..*' -rf json -rff "$OUT" "$@"
/usr/bin/python3 vexpress-benchmarks/compare_torch.py "$OUT"
