"""Connection setup through the gateway costs what a plain TLS terminator's
does: with librdkafka's defaults (Nagle's algorithm on; kcat's librdkafka 2.0.2
and confluent-kafka's 2.16) the time from a new client to its first Metadata
answer through `portcullis dev` is within 5 ms of stunnel's (Debian's stunnel4, OpenSSL) in front of the same broker, with
the same certificate and the same client certificate check (SCRAM: less
the client's own PBKDF2, which no server can save it). And a client
that reconnects resumes its TLS session (tickets, TLS 1.3 and 1.2) instead
of a full handshake, on SASL and on mutual-TLS listeners alike."""
import json
import re
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import time

import pytest

from gateway_fixtures import dev_cluster, free_ports, write_properties  # noqa: F401 (fixture)
from gateway_wire import KafkaWire

SAMPLES = 9
MARGIN_SECONDS = 0.005


@pytest.fixture(scope="module")
def stunnel(dev_cluster, tmp_path_factory):
    """stunnel terminating TLS in front of the dev cluster's broker, with the
    gateway's server certificate, requiring a client certificate from the same CA."""
    executable = shutil.which("stunnel4") or shutil.which("stunnel")
    assert executable, "stunnel4 is missing: scripts/install-test-deps.sh installs it"
    root = tmp_path_factory.mktemp("stunnel")
    (port,) = free_ports(1)
    certs = dev_cluster.data_dir / "certs"
    config = root / "stunnel.conf"
    config.write_text(
        "foreground = yes\npid =\n"
        f"output = {root / 'stunnel.log'}\n"
        "[kafka]\n"
        f"accept = 127.0.0.1:{port}\nconnect = 127.0.0.1:{dev_cluster.broker_port}\n"
        f"cert = {certs / 'server.pem'}\nkey = {certs / 'server.key'}\n"
        f"CAfile = {dev_cluster.ca}\nverifyChain = yes\nrequireCert = yes\n"
    )
    process = subprocess.Popen([executable, str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, f"stunnel exited: {(root / 'stunnel.log').read_text()}"
                assert time.monotonic() < deadline, "stunnel never listened"
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(10)


# Clients in their own processes (librdkafka's debug lines go to their
# stderr): asking for metadata makes each connect, query ApiVersions
# (authenticate) and send Metadata; every debug line carries librdkafka's
# clock in ms. Two librdkafkas: confluent-kafka's (2.16) and Debian's kcat
# (2.0.2), whose first request after the TLS handshake waited ~40 ms for a
# delayed ACK before the gateway acknowledged the handshake at once.
METADATA_CLIENT = """
import json, sys
from confluent_kafka import Producer
Producer({**json.loads(sys.argv[1]), "debug": "broker,protocol,security"}).list_topics(timeout=10)
"""
DEBUG_STAMP = re.compile(r"^%7\|(\d+\.\d+)\|")
CLIENTS = ["confluent-kafka", "kcat"]


def debug_lines(client, settings, scratch):
    if client == "kcat":
        properties = write_properties(scratch / "client.properties", settings)
        command = ["kcat", "-F", str(properties), "-L", "-d", "broker,protocol,security"]
    else:
        command = [sys.executable, "-c", METADATA_CLIENT, json.dumps(settings)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60).stderr


def time_to_first_metadata(client, settings, scratch):
    """Seconds from the client's connect to its first Metadata answer, by
    librdkafka's own debug lines (librdkafka 2.16 then drops the bootstrap
    connection for the advertised broker, so the call's own duration measures
    its reconnection policy, not the connection), less the time the client
    spent on its own SCRAM proof (PBKDF2 with 4,096 rounds: ~15 ms of its CPU
    between reading the server's first message and sending its final one)."""
    stderr = debug_lines(client, settings, scratch)
    connected = answered = proving = None
    client_work = 0.0
    for line in stderr.splitlines():
        if not (stamp := DEBUG_STAMP.match(line)) or answered is not None:
            continue
        at = float(stamp.group(1))
        if connected is None and "-> CONNECT" in line:
            connected = at
        elif "SCRAM client in state server-first-message" in line:
            proving = at
        elif proving is not None and "Send SASL Kafka frame" in line:
            client_work, proving = client_work + at - proving, None
        elif "Received MetadataResponse" in line:
            answered = at
    assert connected is not None and answered is not None, f"no Metadata answer:\n{stderr[-2000:]}"
    return answered - connected - client_work


def median_setup(client, settings, scratch):
    return statistics.median(time_to_first_metadata(client, settings, scratch) for _ in range(SAMPLES))


@pytest.mark.parametrize("client", CLIENTS)
def test_mutual_tls_connection_is_set_up_within_5_ms_of_stunnel(dev_cluster, stunnel, client, tmp_path):
    """Same TLS and client certificate both ways; librdkafka's default Nagle setting."""
    settings = dev_cluster.mtls()
    through_gateway = median_setup(client, settings, tmp_path)
    through_stunnel = median_setup(client, {**settings, "bootstrap.servers": f"localhost:{stunnel}"}, tmp_path)
    assert through_gateway <= through_stunnel + MARGIN_SECONDS, \
        f"gateway {through_gateway * 1000:.1f} ms vs stunnel {through_stunnel * 1000:.1f} ms"


@pytest.mark.parametrize("client", CLIENTS)
def test_scram_connection_is_set_up_within_5_ms_of_stunnel(dev_cluster, stunnel, client, tmp_path):
    """SCRAM-SHA-512 over TLS, as MSK's 9096 is used (less the client's own PBKDF2);
    stunnel's client presents its certificate."""
    through_gateway = median_setup(client, dev_cluster.scram(), tmp_path)
    through_stunnel = median_setup(client, {**dev_cluster.mtls(), "bootstrap.servers": f"localhost:{stunnel}"}, tmp_path)
    assert through_gateway <= through_stunnel + MARGIN_SECONDS, \
        f"gateway {through_gateway * 1000:.1f} ms vs stunnel {through_stunnel * 1000:.1f} ms"


def tls_context(dev_cluster, version, certificate=True):
    context = ssl.create_default_context(cafile=str(dev_cluster.ca))
    context.minimum_version = context.maximum_version = version
    if certificate:
        context.load_cert_chain(dev_cluster.client_dir / "admin.pem", dev_cluster.client_dir / "admin.key")
    return context


def exchange_api_versions(context, port, session=None):
    """One connection: handshake, ApiVersions answered (the answer carries the
    session tickets), closed. Returns (session, whether it was resumed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="localhost", session=session) as tls:
            KafkaWire(tls).call(18, 0)
            return tls.session, tls.session_reused


@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_2], ids=["tls1.3", "tls1.2"])
@pytest.mark.parametrize("listener", ["scram", "mtls"])
def test_reconnecting_client_resumes_its_session(dev_cluster, listener, version):
    port = dev_cluster.scram_port if listener == "scram" else dev_cluster.mtls_port
    context = tls_context(dev_cluster, version, certificate=listener == "mtls")
    session, resumed = exchange_api_versions(context, port)
    assert not resumed and session is not None and session.has_ticket, "no session ticket was issued"
    _, resumed = exchange_api_versions(context, port, session)
    assert resumed, "the second connection made a full handshake"


def test_session_of_one_listener_does_not_resume_on_another(dev_cluster):
    """Tickets are sealed per listener: a SASL listener's session is no key to the mutual-TLS one."""
    context = tls_context(dev_cluster, ssl.TLSVersion.TLSv1_3)
    session, _ = exchange_api_versions(context, dev_cluster.scram_port)
    _, resumed = exchange_api_versions(context, dev_cluster.mtls_port, session)
    assert not resumed
