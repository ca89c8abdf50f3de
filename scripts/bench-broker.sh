#!/usr/bin/env bash
# Broker benchmarks, always on a release build:
#   scripts/bench-broker.sh [throughput.py options]
#       throughput with encrypted segments vs encryption switched off
#       (bench/broker/throughput.py: --records N, --rounds N, --phase-seconds S, --broker-env NAME=VALUE)
#   scripts/bench-broker.sh small-produce [small_produce.py options]
#       broker CPU per small Produce request at a fixed rate
#       (bench/broker/small_produce.py: --rate N, --seconds S, --rounds N, --acks 1|all, --perf FILE)
# BENCH_SCRATCH_PATH=/some/dir builds in another build directory (e.g. so as not
# to wait on a SwiftPM lock held by a concurrent debug build in .build).
set -euo pipefail
cd "$(dirname "$0")/.."

build_flags=(-c release --product portcullis)
if [[ -n "${BENCH_SCRATCH_PATH:-}" ]]; then
    build_flags+=(--scratch-path "$BENCH_SCRATCH_PATH")
fi

bench=bench/broker/throughput.py
if [[ "${1:-}" == "small-produce" ]]; then
    bench=bench/broker/small_produce.py
    shift
fi

swift build "${build_flags[@]}"
bin_path="$(swift build "${build_flags[@]}" --show-bin-path)"
exec python3 "$bench" --binary "$bin_path/portcullis" "$@"
