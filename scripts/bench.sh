#!/usr/bin/env bash
# Codec throughput benchmark (bench/CodecBenchmark), always a release build.
#   scripts/bench.sh [CodecBenchmark options: --quick, --reps N, --rep-ms N, --filter TEXT, --only codec|crc|records]
# BENCH_SCRATCH_PATH=/some/dir builds in another build directory (e.g. so as not
# to wait on a SwiftPM lock held by a concurrent debug build in .build).
set -euo pipefail
cd "$(dirname "$0")/.."

build_flags=(-c release --product CodecBenchmark)
if [[ -n "${BENCH_SCRATCH_PATH:-}" ]]; then
    build_flags+=(--scratch-path "$BENCH_SCRATCH_PATH")
fi

swift build "${build_flags[@]}"
bin_path="$(swift build "${build_flags[@]}" --show-bin-path)"
exec "$bin_path/CodecBenchmark" "$@"
