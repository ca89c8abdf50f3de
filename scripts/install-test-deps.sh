#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian machine: the real Kafka
# clients the interop tests drive (kcat from Debian; confluent-kafka,
# kafka-python and aiokafka from PyPI) and testssl.sh (Debian's `testssl`, which
# scans the gateway's TLS listeners) and stunnel4 (the plain TLS terminator the
# gateway's connection setup is compared with) and faketime (libfaketime, which
# steps the wall clock of a process under test). Safe to run again.
set -euo pipefail

apt_packages=(faketime kcat libsqlite3-dev stunnel4 testssl.sh)
missing=()
for package in "${apt_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python3 -m pip install --quiet --disable-pip-version-check -r "$(dirname "$0")/../Tests/requirements.txt"
