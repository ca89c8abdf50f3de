#!/usr/bin/env bash
# Gateway overhead: SCRAM over TLS through `portcullis gateway` vs the same
# broker directly (bench/gateway/throughput.py), always a release build.
#   scripts/bench-gateway.sh [throughput.py options: --rounds N, --records N, --phase-seconds S, --connections N, ...]
# BENCH_SCRATCH_PATH=/some/dir builds in another build directory (e.g. so as not
# to wait on a SwiftPM lock held by a concurrent debug build in .build).
set -euo pipefail
cd "$(dirname "$0")/.."

build_flags=(-c release)
if [[ -n "${BENCH_SCRATCH_PATH:-}" ]]; then
    build_flags+=(--scratch-path "$BENCH_SCRATCH_PATH")
fi

swift build "${build_flags[@]}" --product portcullis
swift build "${build_flags[@]}" --product authctl
bin_path="$(swift build "${build_flags[@]}" --show-bin-path)"
exec python3 bench/gateway/throughput.py --binary "$bin_path/portcullis" "$@"
