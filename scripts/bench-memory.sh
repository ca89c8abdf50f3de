#!/usr/bin/env bash
# What misbehaving clients can make the gateway hold in memory
# (bench/gateway/memory_bounds.py: never-reading clients, trickled 100 MiB requests),
# against `portcullis dev` from a release build.
#   scripts/bench-memory.sh [memory_bounds.py options: --scenarios a,b, --a-seconds S, --b-clients N, ...]
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
exec python3 bench/gateway/memory_bounds.py --binary "$bin_path/portcullis" "$@"
