#!/usr/bin/env bash
# What misbehaving clients can make the gateway hold in memory
# (bench/gateway/memory_bounds.py: never-reading clients, trickled 100 MiB requests),
# against `portcullis dev` from a release build.
#   scripts/bench-memory.sh [memory_bounds.py options: --scenarios a,b, --a-seconds S, --b-clients N, ...]
# BENCH_SCRATCH_PATH: see scripts/release-binaries.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bin_path="$(scripts/release-binaries.sh)"
exec python3 bench/gateway/memory_bounds.py --binary "$bin_path/portcullis" "$@"
