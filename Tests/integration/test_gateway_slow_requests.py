"""Large requests whose bytes arrive slowly, in pieces that end anywhere
(within a TLS record, within a length prefix), are answered as soon as their
last byte arrives, before and after authentication. Guards the read path
against anything that would hold a partial frame's bytes unread: a gateway
that waited for more than the client still has to send would hang here."""
import socket
import ssl
import struct
import time

import pytest

from gateway_fixtures import gateway  # noqa: F401 (fixture)
from gateway_wire import KafkaWire, kafka_string

API_VERSIONS = 18
PIECE_BYTES = 7000  # not a divisor of a TLS record, so pieces end mid-record
PAUSE_SECONDS = 0.01


class TricklingConnection:
    """A socket stand-in for KafkaWire that sends each write as pieces of
    PIECE_BYTES wire bytes with a pause between them; with `ca`, TLS done
    in memory so that the pieces split TLS records."""

    def __init__(self, port, ca=None):
        self.raw = socket.create_connection(("127.0.0.1", port), timeout=5.0)
        self.raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.tls = None
        if ca:
            self.incoming, self.outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            self.tls = ssl.create_default_context(cafile=str(ca)).wrap_bio(
                self.incoming, self.outgoing, server_hostname="localhost")
            while not self._step(self.tls.do_handshake):
                pass

    def _step(self, operation):
        """Runs a TLS operation once, moving its wire bytes; True when it completed."""
        try:
            operation()
            return True
        except ssl.SSLWantReadError:
            self.raw.sendall(self.outgoing.read())
            data = self.raw.recv(65536)
            if not data:
                raise ConnectionError("the gateway closed the connection")
            self.incoming.write(data)
            return False
        finally:
            self.raw.sendall(self.outgoing.read())

    def sendall(self, data):
        if self.tls:
            self.tls.write(data)
            data = self.outgoing.read()
        for offset in range(0, len(data), PIECE_BYTES):
            self.raw.sendall(data[offset:offset + PIECE_BYTES])
            time.sleep(PAUSE_SECONDS)

    def recv(self, count):
        if not self.tls:
            return self.raw.recv(count)
        result = []
        while not self._step(lambda: result.append(self.tls.read(count))):
            pass
        return result[0]

    def settimeout(self, seconds):
        self.raw.settimeout(seconds)

    def close(self):
        self.raw.close()


def padded_api_versions(wire, padding):
    """ApiVersions v0 with `padding` bytes after its body, which the gateway reads and ignores; its error code."""
    started = time.monotonic()
    body = wire.call(API_VERSIONS, 0, bytes(padding))
    return struct.unpack(">h", body[:2])[0], time.monotonic() - started


@pytest.fixture(scope="module")
def user(gateway):
    gateway.add_scram_user("trickle", "trickle-passphrase-1")
    return "trickle", "trickle-passphrase-1"


@pytest.mark.parametrize("listener", ["SASL_SSL", "SASL_PLAINTEXT"])
def test_large_requests_arriving_slowly_are_answered(gateway, user, listener):
    wire = KafkaWire(TricklingConnection(gateway.ports[listener], ca=gateway.ca if listener == "SASL_SSL" else None))
    try:
        # Before authentication: a frame just under the 64 KiB limit.
        error, _ = padded_api_versions(wire, 60_000)
        assert error == 0
        wire.scram_authenticate(*user, "SCRAM-SHA-512")
        # After: frames larger than the watermark's cap, and one between.
        for padding in (900_000, 100_000):
            error, seconds = padded_api_versions(wire, padding)
            assert error == 0
            # Sending takes padding / PIECE_BYTES pauses; a stall would end in the 5 s socket timeout instead.
            assert seconds < padding / PIECE_BYTES * PAUSE_SECONDS + 3.0
    finally:
        wire.close()
    assert gateway.alive()
