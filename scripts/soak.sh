#!/usr/bin/env bash
# The soak (bench/soak/soak.py) against a release build: 1,000 concurrent
# authenticated clients producing and consuming through `portcullis dev` for
# 10 minutes; client errors, latency percentiles and the resident set.
#   scripts/soak.sh [soak.py options: --clients N --seconds S --warmup S --ramp S ...]
# BENCH_SCRATCH_PATH: see scripts/release-binaries.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
binary="$(scripts/release-binaries.sh)/portcullis"
exec python3 bench/soak/soak.py --binary "$binary" --clients 1000 --seconds 600 "$@"
