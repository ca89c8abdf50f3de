#!/usr/bin/env bash
# Starts moto's server, a local stand-in for AWS KMS, for trying the AWS key
# service by hand: scripts/start-moto.sh [PORT] (default 5599). Installs moto
# if it is missing, waits until the server answers and prints its PID (stop it
# with `kill PID`). Then point the AWS key service at http://127.0.0.1:PORT
# (e.g. AWS_ENDPOINT_URL_KMS) with any region and credentials.
# The tests start their own moto; they do not need this script.
set -euo pipefail

port="${1:-5599}"
if [[ ! "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
    echo "usage: $0 [PORT]" >&2
    exit 2
fi

if ! command -v moto_server >/dev/null 2>&1; then
    python3 -m pip install --quiet 'moto[server]'
    hash -r
fi

log="${TMPDIR:-/tmp}/portcullis-moto-$port.log"
moto_server -H 127.0.0.1 -p "$port" </dev/null >"$log" 2>&1 &
pid=$!

for _ in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "moto_server exited before answering; its log ($log):" >&2
        cat "$log" >&2
        exit 1
    fi
    if python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
        "http://127.0.0.1:$port/moto-api/" 2>/dev/null; then
        echo "$pid"
        exit 0
    fi
    sleep 0.2
done
echo "moto_server did not answer on 127.0.0.1:$port within 30 s; its log: $log" >&2
kill "$pid"
exit 1
