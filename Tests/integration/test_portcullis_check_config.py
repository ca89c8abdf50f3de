"""`portcullis check-config FILE` with the real binary: a good gateway.properties
passes (exit 0), and each kind of mistake is named with FILE:LINE or the file it
concerns, with exit 1, without starting anything."""
import subprocess

import pytest

from conftest import BINARY
from gateway_fixtures import authctl


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("check-config")
    authctl(data_dir, "ca", "init")
    authctl(data_dir, "cert", "issue", "--server", "--host", "localhost", "--out", str(data_dir / "certs"))
    return data_dir / "certs"


def good_lines(certificates):
    return [
        "listeners=SASL_SSL://127.0.0.1:9096,PLAIN://127.0.0.1:9092",
        "listener.security.protocol.map=SASL_SSL:SASL_SSL,PLAIN:SASL_PLAINTEXT",
        "upstream.bootstrap.servers=127.0.0.1:19092",
        f"ssl.certificate.location={certificates / 'server.pem'}",
        f"ssl.key.location={certificates / 'server.key'}",
        "metrics.listen=127.0.0.1:11001",
        "metrics.level=topic",
    ]


def check(tmp_path, lines):
    config = tmp_path / "gateway.properties"
    config.write_text("".join(line + "\n" for line in lines))
    result = subprocess.run([str(BINARY), "check-config", str(config)], capture_output=True, text=True, timeout=30)
    return config, result


def test_a_good_configuration_passes(tmp_path, certificates):
    config, result = check(tmp_path, good_lines(certificates))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{config}: OK"), result.stdout
    assert "SASL_SSL 127.0.0.1:9096" in result.stdout


@pytest.mark.parametrize("line, message", [
    ("no.such.setting=1", "unknown setting 'no.such.setting'"),
    ("metrics.level=verbose", "metrics.level must be basic, enhanced or topic"),
    ("metrics.listen=11001", "metrics.listen must be HOST:PORT"),
    ("socket.request.max.bytes=lots", "must be an integer"),
])
def test_a_bad_setting_is_named_with_its_line(tmp_path, certificates, line, message):
    lines = good_lines(certificates)
    lines.insert(2, line)
    config, result = check(tmp_path, lines)
    assert result.returncode == 1
    assert f"{config}:3: " in result.stderr and message in result.stderr, result.stderr


def test_a_missing_key_file_is_named_with_its_listener(tmp_path, certificates):
    lines = [line for line in good_lines(certificates) if not line.startswith("ssl.key.location")]
    lines.append(f"ssl.key.location={tmp_path / 'missing.key'}")
    config, result = check(tmp_path, lines)
    assert result.returncode == 1
    assert f"{config}: listener SASL_SSL:" in result.stderr and "missing.key" in result.stderr, result.stderr


def test_a_bad_upstream_address_is_named(tmp_path, certificates):
    lines = [line for line in good_lines(certificates) if not line.startswith("upstream.bootstrap")]
    lines.append("upstream.bootstrap.servers=broker-without-port")
    config, result = check(tmp_path, lines)
    assert result.returncode == 1
    assert "'broker-without-port' is not HOST:PORT" in result.stderr, result.stderr
