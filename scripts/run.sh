#!/usr/bin/env bash
# README's run command: builds Portcullis in release mode and starts it on its
# embedded defaults. Until the gateway and broker exist it lists the Kafka APIs
# and versions the protocol codec understands.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product portcullis
exec .build/release/portcullis apis "$@"
