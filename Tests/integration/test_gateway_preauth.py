"""Before authentication a client may send only ApiVersions, SaslHandshake and
SaslAuthenticate, in small frames (Apache Kafka's SaslAuthenticatorTest cases).
A 100 MiB length prefix closes the connection at once without the gateway
allocating for it (CVE-2022-34917's class), on SASL_SSL and SASL_PLAINTEXT;
so does an oversized SASL token; a Kafka request before authentication,
ApiVersions in the middle of a SASL exchange and a SCRAM client-final whose
nonce is not the server's (CVE-2024-56128's class) are refused and closed."""
import struct
import time

import pytest

from gateway_fixtures import gateway  # noqa: F401 (fixture)
from gateway_wire import KafkaWire, ScramClient, kafka_bytes, kafka_string

LISTENERS = ["SASL_SSL", "SASL_PLAINTEXT"]
API_VERSIONS, METADATA, SASL_HANDSHAKE, SASL_AUTHENTICATE = 18, 3, 17, 36
ILLEGAL_SASL_STATE, SASL_AUTHENTICATION_FAILED = 34, 58
PRE_AUTH_LIMIT = 65536  # sasl.server.max.receive.size's default


def connect(gateway, listener):
    return KafkaWire.connect(gateway.ports[listener], ca=gateway.ca if listener == "SASL_SSL" else None)


@pytest.mark.parametrize("listener", LISTENERS)
def test_huge_length_prefix_closes_at_once_and_allocates_nothing(gateway, listener):
    mark = gateway.log.mark()
    rss_before, virtual_before = gateway.memory_kib(), gateway.memory_kib("VmSize")
    clients = [connect(gateway, listener) for _ in range(10)]
    try:
        for client in clients:
            # A frame under the limit is served: ApiVersions before authentication is allowed.
            assert client.call(API_VERSIONS, 0)[:2] == b"\x00\x00"
            client.send_raw(struct.pack(">i", 100 * 1024 * 1024))
            try:
                client.send_raw(b"\x00" * (1024 * 1024))  # what a gateway that kept reading would buffer
            except OSError:
                pass  # already closed, as it should be
        grown_rss = gateway.memory_kib() - rss_before
        grown_virtual = gateway.memory_kib("VmSize") - virtual_before
        started = time.monotonic()
        for client in clients:
            assert client.receive_until_closed(timeout=2) == []
        assert time.monotonic() - started < 2
    finally:
        for client in clients:
            client.close()
    # Ten buffered megabytes, or ten reservations of 100 MiB, would show here.
    assert grown_rss < 6 * 1024, f"RSS grew by {grown_rss} KiB"
    assert grown_virtual < 256 * 1024, f"virtual memory grew by {grown_virtual} KiB"
    gateway.log.wait_for(rf"listener={listener} .*frameTooLarge\(size: 104857600, limit: {PRE_AUTH_LIMIT}\)", since=mark,
                         count=10)
    assert gateway.alive()


@pytest.mark.parametrize("listener", LISTENERS)
def test_sasl_token_over_the_limit_closes(gateway, listener):
    client = connect(gateway, listener)
    try:
        assert client.call(SASL_HANDSHAKE, 1, kafka_string("SCRAM-SHA-512"))[:2] == b"\x00\x00"
        client.send(SASL_AUTHENTICATE, 1, struct.pack(">i", PRE_AUTH_LIMIT) + b"n" * PRE_AUTH_LIMIT)
        assert client.receive_until_closed(timeout=2) == []
    finally:
        client.close()


@pytest.mark.parametrize("listener", LISTENERS)
def test_kafka_request_before_authentication_is_refused_and_closed(gateway, listener):
    mark = gateway.log.mark()
    client = connect(gateway, listener)
    try:
        correlation_id = client.send(METADATA, 1, struct.pack(">i", -1))  # v1, every topic
        frames = client.receive_until_closed(timeout=2)
    finally:
        client.close()
    # Nothing, or one refusal, and never the upstream's metadata.
    assert len(frames) <= 1, frames
    for frame in frames:
        assert struct.unpack(">i", frame[:4])[0] == correlation_id
        assert b"localhost" not in frame and struct.pack(">i", gateway.broker.port) not in frame
    gateway.log.wait_for(rf"listener={listener} .*Metadata before authentication", since=mark)


@pytest.mark.parametrize("listener", LISTENERS)
def test_api_versions_in_the_middle_of_a_sasl_exchange_is_refused_and_closed(gateway, listener):
    client = connect(gateway, listener)
    try:
        assert client.call(SASL_HANDSHAKE, 1, kafka_string("SCRAM-SHA-256"))[:2] == b"\x00\x00"
        correlation_id = client.send(API_VERSIONS, 0)
        frames = client.receive_until_closed(timeout=2)
    finally:
        client.close()
    assert len(frames) == 1, frames
    assert struct.unpack(">ih", frames[0][:6]) == (correlation_id, ILLEGAL_SASL_STATE)


@pytest.mark.parametrize("listener", LISTENERS)
def test_scram_client_final_with_another_nonce_is_refused(gateway, listener):
    user = f"nonce-bender-{listener.lower()}"
    gateway.add_scram_user(user, "nonce-password")
    client = connect(gateway, listener)
    mark = gateway.log.mark()
    try:
        assert client.sasl_handshake("SCRAM-SHA-512") == 0
        scram = ScramClient(user, "nonce-password", "SCRAM-SHA-512")
        server_first, _ = client.sasl_authenticate(scram.client_first())
        final = scram.client_final(server_first)  # a valid proof over the real nonce ...
        nonce = final.split(b",r=")[1].split(b",")[0]
        bent = final.replace(nonce, nonce[:-1] + (b"A" if nonce[-1:] != b"A" else b"B"))  # ... sent with another
        correlation_id = client.send(SASL_AUTHENTICATE, 1, kafka_bytes(bent))
        frames = client.receive_until_closed(timeout=2)
    finally:
        client.close()
    assert len(frames) == 1 and struct.unpack(">ih", frames[0][:6]) == (correlation_id, SASL_AUTHENTICATION_FAILED)
    assert b"Invalid client nonce" in frames[0]
    gateway.log.wait_for(rf"listener={listener} .*Invalid client nonce", since=mark)
    assert f"principal=User:{user}" not in gateway.log.since(mark)
