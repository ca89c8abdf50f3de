#!/usr/bin/env bash
# Gateway overhead: SCRAM over TLS through `portcullis gateway` vs the same
# broker directly (bench/gateway/throughput.py), always a release build.
#   scripts/bench-gateway.sh [throughput.py options: --rounds N, --records N, --phase-seconds S, --connections N, ...]
# Before and after a change, in one run: --baseline-binary PATH adds a second
# gateway from an older release build (its authctl beside it) in front of the
# same broker, path "gateway-before", and reports gateway / gateway-before and a
# no-loss verdict. Build the older commit in a worktree of its own, e.g.
#   git worktree add ../before COMMIT
#   (cd ../before && swift build -c release --product portcullis && swift build -c release --product authctl)
#   scripts/bench-gateway.sh --baseline-binary ../before/.build/release/portcullis
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
