#!/usr/bin/env bash
# What IAM costs through the gateway, always with a release build:
#   1. bench/gateway/iam_connections.py: new connections/s and gateway CPU per
#      connection, bare TLS vs SCRAM-SHA-512 vs IAM (OAUTHBEARER, AWS_MSK_IAM)
#      over TLS (target: IAM <= 1.2x bare TLS's gateway CPU per connection);
#   2. bench/gateway/iam_authorization.py: produce/consume throughput of a role
#      session with 100 IAM policies against a super user (target: >= 0.95).
#
#   scripts/bench-iam.sh [--only connections|authorization] [options]
# Options go to the bench that takes them: --rounds N and --phase-seconds S to
# both; --clients N to the connection bench; --records N, --latency-rates R,R
# and --latency-seconds S to the authorization bench (see each file's --help).
# BENCH_SCRATCH_PATH: see scripts/release-binaries.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

only=""
connections_args=()
authorization_args=()
while (($#)); do
    option="$1"
    name="${option%%=*}"
    if [[ "$option" == *=* ]]; then
        pair=("$option")
        shift
    else
        if (($# < 2)) && [[ "$name" != --help && "$name" != -h ]]; then
            echo "bench-iam.sh: $name needs a value" >&2
            exit 2
        fi
        pair=("$option" "${2:-}")
        shift $(($# < 2 ? 1 : 2))
    fi
    case "$name" in
        --only) only="${pair[-1]#--only=}" ;;
        --rounds | --phase-seconds)
            connections_args+=("${pair[@]}")
            authorization_args+=("${pair[@]}")
            ;;
        --clients) connections_args+=("${pair[@]}") ;;
        --records | --latency-rates | --latency-seconds) authorization_args+=("${pair[@]}") ;;
        -h | --help)
            sed -n '2,13p' "$0"
            exit 0
            ;;
        *)
            echo "bench-iam.sh: unknown option $name" >&2
            exit 2
            ;;
    esac
done
case "$only" in
    "" | connections | authorization) ;;
    *) echo "bench-iam.sh: --only takes connections or authorization" >&2; exit 2 ;;
esac

bin_path="$(scripts/release-binaries.sh)"
status=0
if [[ "$only" != authorization ]]; then
    echo "== IAM connections (bench/gateway/iam_connections.py) =="
    python3 bench/gateway/iam_connections.py --binary "$bin_path/portcullis" "${connections_args[@]}" || status=$?
fi
if [[ "$only" != connections ]]; then
    echo
    echo "== IAM authorization (bench/gateway/iam_authorization.py) =="
    python3 bench/gateway/iam_authorization.py --binary "$bin_path/portcullis" "${authorization_args[@]}" || status=$?
fi
exit "$status"
