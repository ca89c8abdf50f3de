#!/usr/bin/env bash
# Broker throughput with encrypted segments vs encryption switched off
# (bench/broker/throughput.py), always a release build.
#   scripts/bench-broker.sh [throughput.py options: --records N, --rounds N, --phase-seconds S,
#                            --broker-env NAME=VALUE]
# BENCH_SCRATCH_PATH=/some/dir builds in another build directory (e.g. so as not
# to wait on a SwiftPM lock held by a concurrent debug build in .build).
set -euo pipefail
cd "$(dirname "$0")/.."

build_flags=(-c release --product portcullis)
if [[ -n "${BENCH_SCRATCH_PATH:-}" ]]; then
    build_flags+=(--scratch-path "$BENCH_SCRATCH_PATH")
fi

swift build "${build_flags[@]}"
bin_path="$(swift build "${build_flags[@]}" --show-bin-path)"
exec python3 bench/broker/throughput.py --binary "$bin_path/portcullis" "$@"
