#!/usr/bin/env bash
# README's test command: installs what the tests need, then builds and runs
# every test. CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-test-deps.sh
python3 codegen/generate_protocol.py --check
swift build --build-tests
swift test --skip-build
# Real clients against real broker processes (the binary from the build above).
python3 -m pytest -q Tests/integration
