#!/usr/bin/env bash
# README's run command: builds Portcullis in release mode and starts it on its
# embedded defaults: for now the embedded broker tier on 127.0.0.1:19092 with
# its data (encrypted, under a development root key) in ./data.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product portcullis
exec .build/release/portcullis broker --listen 127.0.0.1:19092 --data-dir "${PORTCULLIS_DATA_DIR:-data}" "$@"
