#!/usr/bin/env bash
# The fair comparison (bench/gateway/throughput.py), always a release build: in one
# run, on the same broker, direct plaintext, Debian's stunnel4 terminating TLS in
# front of the broker's second listener, the gateway with SCRAM over TLS and the
# gateway with SCRAM without TLS, each with librdkafka's defaults and with Nagle
# off; throughput, connection setup time, latency at a fixed rate, authenticated
# connections and bare TLS handshakes, idle connection memory, CPU per MB/s of
# every process, and a table of the targets. About 8-10 minutes on 2 cores.
#   scripts/bench-gateway.sh [throughput.py options: --paths direct,gateway --modes nodelay
#                             --phases throughput,setup,latency,connections,handshakes,idle --rounds N ...]
# Installs stunnel4 (Debian) when it is missing and the stunnel path runs.
# Before and after a change, in one run: --baseline-binary PATH adds a second
# gateway from an older release build (its authctl beside it) in front of the
# same broker, path "gateway-before", and reports gateway / gateway-before and a
# no-loss verdict. Build the older commit in a worktree of its own, e.g.
#   git worktree add ../before COMMIT
#   (cd ../before && swift build -c release --product portcullis && swift build -c release --product authctl)
#   scripts/bench-gateway.sh --baseline-binary ../before/.build/release/portcullis
# The cost of a setting, in one run: --gateway-settings 'metrics.listen=127.0.0.1:0;metrics.level=topic'
# gives the gateway path those lines and runs gateway-before from the same build without them.
# BENCH_SCRATCH_PATH: see scripts/release-binaries.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

wants_stunnel=yes
previous=""
for argument in "$@"; do
    case "$previous:$argument" in
        --paths:*) [[ ",$argument," == *,stunnel,* ]] || wants_stunnel=no ;;
    esac
    case "$argument" in
        --paths=*) [[ ",${argument#--paths=}," == *,stunnel,* ]] || wants_stunnel=no ;;
    esac
    previous="$argument"
done
if [[ "$wants_stunnel" == yes ]] && ! command -v stunnel >/dev/null 2>&1; then
    echo "installing stunnel4 (Debian) for the stunnel path" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq stunnel4 >/dev/null
fi

bin_path="$(scripts/release-binaries.sh)"
exec python3 bench/gateway/throughput.py --binary "$bin_path/portcullis" "$@"
