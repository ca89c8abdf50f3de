#!/usr/bin/env bash
# What authorization and the decision log cost through the gateway
# (bench/gateway/authorization.py): a super user vs an ordinary user with
# 1,000 ACLs and 100 network rules loaded, and with every ALLOW logged.
# Always a release build.
#   scripts/bench-authorization.sh [authorization.py options: --rounds N, --records N, ...]
# BENCH_SCRATCH_PATH: see scripts/release-binaries.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bin_path="$(scripts/release-binaries.sh)"
exec python3 bench/gateway/authorization.py --binary "$bin_path/portcullis" "$@"
