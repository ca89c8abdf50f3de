#!/usr/bin/env bash
# README's run command: builds Portcullis in release mode and starts the
# one-machine cluster: the encrypted broker tier on loopback and the gateway
# in front of it (mutual TLS on 9094, SASL/SCRAM on 9096), with a dev CA, an
# admin user and ready-made client files under ./data/client on first run.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product authctl
swift build -c release --product portcullis
exec .build/release/portcullis dev --data-dir "${PORTCULLIS_DATA_DIR:-data}" "$@"
