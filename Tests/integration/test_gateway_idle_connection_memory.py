"""What an idle authenticated connection costs the gateway in memory, and
that the memory goes back to the system once the connections are gone.

3,000 clients connect to a SASL_SSL listener (TLS 1.3, SCRAM-SHA-512), ask
for Metadata (so each also has its upstream connection) and stay connected
without sending anything more. The gateway's resident set (VmRSS) grows by
at most 64 KiB per connection, measured after 300 connections made and
closed beforehand, so what is made once per process (TLS context, thread
arenas, caches) is not counted. After they disconnect, the resident set
falls back to within 16 MiB of what it was before them within 30 seconds
(the gateway hands free memory back every 10 s)."""
import contextlib
import functools
import hashlib
import resource
import socket
import time

import pytest

from gateway_fixtures import add_scram_user, start_gateway, stop_gateway
from gateway_wire import KafkaWire

CONNECTIONS = 3000
WARM_UP = 300
PER_CONNECTION_LIMIT_KIB = 64
RETURNED_SLACK_KIB = 16 * 1024
RETURN_SECONDS = 30
USER, PASSWORD = "idler", "idle-password-1"


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = 3 * CONNECTIONS + 1000  # this process's sockets, and the gateway's client and upstream ones
    assert hard == resource.RLIM_INFINITY or hard >= needed, f"the open-files hard limit {hard} is below {needed}"
    resource.setrlimit(resource.RLIMIT_NOFILE, (needed if soft < needed else soft, hard))  # the gateway inherits it
    started = start_gateway(tmp_path_factory.mktemp("idle-memory"), listeners={"SASL_SSL": "SASL_SSL"}, settings={})
    add_scram_user(started.data_dir, USER, PASSWORD)
    yield started
    stop_gateway(started)


def authenticated_idle_connection(gateway):
    wire = KafkaWire.connect(gateway.ports["SASL_SSL"], ca=gateway.ca, timeout=30)
    wire.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    wire.call(18, 0)  # ApiVersions
    wire.scram_authenticate(USER, PASSWORD, "SCRAM-SHA-512")
    wire.call(3, 1, b"\x00\x00\x00\x00")  # Metadata v1, no topics: brokers only, through the upstream
    return wire


@contextlib.contextmanager
def salted_password_cached():
    """RFC 5802 lets a client keep SaltedPassword: CPython's PBKDF2 would
    otherwise take a minute of the test; the gateway's work is unchanged."""
    original = hashlib.pbkdf2_hmac
    hashlib.pbkdf2_hmac = functools.lru_cache(maxsize=8)(original)
    try:
        yield
    finally:
        hashlib.pbkdf2_hmac = original


def settled_rss_kib(gateway, seconds=3.0):
    """VmRSS once it has stopped moving (closes and frees finish shortly after the last socket)."""
    previous = gateway.memory_kib()
    deadline = time.monotonic() + seconds * 4
    while time.monotonic() < deadline:
        time.sleep(seconds / 3)
        current = gateway.memory_kib()
        if abs(current - previous) < 256:
            return current
        previous = current
    return gateway.memory_kib()


def rss_after_return_kib(gateway, limit_kib):
    """VmRSS once it is at most `limit_kib`, or after RETURN_SECONDS."""
    deadline = time.monotonic() + RETURN_SECONDS
    while (current := gateway.memory_kib()) > limit_kib and time.monotonic() < deadline:
        time.sleep(0.5)
    return current


def test_idle_authenticated_connections_cost_at_most_64_kib_each_and_memory_returns(gateway):
    with salted_password_cached():
        for wire in [authenticated_idle_connection(gateway) for _ in range(WARM_UP)]:
            wire.close()
        before = settled_rss_kib(gateway)
        connections = []
        try:
            for _ in range(CONNECTIONS):
                connections.append(authenticated_idle_connection(gateway))
            held = settled_rss_kib(gateway)
        finally:
            for wire in connections:
                wire.close()
    after = rss_after_return_kib(gateway, before + RETURNED_SLACK_KIB)
    per_connection = (held - before) / CONNECTIONS
    print(f"gateway VmRSS: {before} KiB before, {held} KiB with {CONNECTIONS} idle connections "
          f"({per_connection:.1f} KiB each), {after} KiB after they closed")
    assert per_connection <= PER_CONNECTION_LIMIT_KIB, f"{per_connection:.1f} KiB per idle authenticated connection"
    assert after <= before + RETURNED_SLACK_KIB, f"the gateway kept {after - before} KiB after its clients left"
    assert gateway.alive()
