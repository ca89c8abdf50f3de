#!/usr/bin/env bash
# Authorizer decisions per second (bench/AuthorizerBenchmark), always a release build.
#   scripts/bench-authorizer.sh [AuthorizerBenchmark options: --quick, --reps N, --rep-ms N]
# Builds in .build-release by default, so as not to wait on the SwiftPM lock
# of a debug build in .build; BENCH_SCRATCH_PATH=/some/dir picks another.
set -euo pipefail
cd "$(dirname "$0")/.."

build_flags=(-c release --product AuthorizerBenchmark --scratch-path "${BENCH_SCRATCH_PATH:-.build-release}")

swift build "${build_flags[@]}"
bin_path="$(swift build "${build_flags[@]}" --show-bin-path)"
exec "$bin_path/AuthorizerBenchmark" "$@"
