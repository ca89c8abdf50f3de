# Shortcuts for the commands README documents.
.PHONY: build test protocol fuzz bench

build:
	swift build -c release

test:
	scripts/test.sh

protocol:
	python3 codegen/generate_protocol.py

fuzz:
	scripts/fuzz.sh

bench:
	scripts/bench.sh
