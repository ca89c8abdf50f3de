#!/usr/bin/env bash
# Builds portcullis and authctl in release mode and prints the folder they are in,
# for the benchmark scripts. BENCH_SCRATCH_PATH=/some/dir builds in another build
# directory (e.g. so as not to wait on a SwiftPM lock held by a concurrent debug
# build in .build).
set -euo pipefail
cd "$(dirname "$0")/.."

build_flags=(-c release)
if [[ -n "${BENCH_SCRATCH_PATH:-}" ]]; then
    build_flags+=(--scratch-path "$BENCH_SCRATCH_PATH")
fi

swift build "${build_flags[@]}" --product portcullis >&2
swift build "${build_flags[@]}" --product authctl >&2
swift build "${build_flags[@]}" --show-bin-path
