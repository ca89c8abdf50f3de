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
# BENCH_SCRATCH_PATH: see scripts/release-binaries.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bin_path="$(scripts/release-binaries.sh)"
exec python3 bench/gateway/throughput.py --binary "$bin_path/portcullis" "$@"
