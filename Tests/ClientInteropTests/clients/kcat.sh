#!/usr/bin/env bash
# Drives kcat (librdkafka 2.0.2) against a capture server: metadata, produce
# (idempotent), consume to the end of the partition, group consume, and
# metadata over SASL_PLAINTEXT with PLAIN. Every section prints a "== name"
# line first, then what kcat printed.
#
# Usage: kcat.sh BOOTSTRAP [all|metadata]
#   metadata: only the -L run (the ApiVersions fallback test uses it).
set -euo pipefail

bootstrap=$1
mode=${2:-all}

# Every run is bounded; the test bounds the whole script as well.
run() {
    timeout --kill-after=2 15 kcat -b "$bootstrap" -X socket.timeout.ms=5000 -X topic.metadata.refresh.interval.ms=60000 "$@"
}

echo "== metadata"
run -L
[[ $mode == metadata ]] && exit 0

echo "== produce"
printf 'kcat-0\nkcat-1\nkcat-2\n' | run -P -t captured -p 0 -X enable.idempotence=true

echo "== consume"
run -C -t captured -p 0 -o beginning -e -f 'consumed %s\n'

echo "== group"
run -G capture-group-kcat -X auto.offset.reset=earliest -e -f 'grouped %s\n' captured

echo "== sasl"
run -L -t captured \
    -X security.protocol=SASL_PLAINTEXT -X sasl.mechanisms=PLAIN \
    -X sasl.username=fixture-user -X sasl.password=fixture-secret
