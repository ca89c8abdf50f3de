"""The Kafka wire, by hand, for what no client library will send: frames,
request headers v1 (v2 for flexible versions), and a SCRAM client (RFC 5802)
for SaslHandshake v1 + SaslAuthenticate v1.
"""
import base64
import hashlib
import hmac
import secrets
import socket
import ssl
import struct


def kafka_string(text):
    data = text.encode()
    return struct.pack(">h", len(data)) + data


def kafka_bytes(data):
    return struct.pack(">i", len(data)) + data


def compact_string(text):
    data = text.encode()
    return bytes([len(data) + 1]) + data  # lengths below 127 fit one varint byte


# Every response frame any KafkaWire read in this test run, with the port it
# came from (None when the socket cannot say), for the run-wide search for
# upstream addresses (conftest.py).
RESPONSES_READ = []


class KafkaWire:
    """One raw connection: sends requests, reads whole response frames."""

    def __init__(self, sock):
        self.sock = sock
        self.correlation_id = 0
        try:
            self.port = sock.getpeername()[1]
        except (AttributeError, OSError):
            self.port = None

    @classmethod
    def connect(cls, port, ca=None, source=None, timeout=5.0):
        """TLS (verifying localhost against `ca`) when `ca` is given; `source` binds the client address."""
        sock = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                        source_address=(source, 0) if source else None)
        if ca:
            context = ssl.create_default_context(cafile=str(ca))
            sock = context.wrap_socket(sock, server_hostname="localhost")
        return cls(sock)

    def close(self):
        self.sock.close()

    def send(self, api_key, version, body=b"", flexible=False):
        """Sends a request; returns its correlation id."""
        self.correlation_id += 1
        header = struct.pack(">hhi", api_key, version, self.correlation_id) + kafka_string("portcullis-test")
        if flexible:
            header += b"\x00"  # no tagged fields
        self.send_raw(struct.pack(">i", len(header) + len(body)) + header + body)
        return self.correlation_id

    def send_raw(self, data):
        self.sock.sendall(data)

    def _read_exactly(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                return None
            data += chunk
        return data

    def receive(self):
        """The next response frame without its length prefix, or None when the peer closed."""
        try:
            prefix = self._read_exactly(4)
            frame = None if prefix is None else self._read_exactly(struct.unpack(">i", prefix)[0])
        except (ConnectionResetError, ssl.SSLEOFError, ssl.SSLZeroReturnError):
            return None
        if frame is not None:
            RESPONSES_READ.append((self.port, frame))
        return frame

    def receive_until_closed(self, timeout=5.0):
        """Every frame until the peer closes; fails when it is still open after `timeout`."""
        self.sock.settimeout(timeout)
        frames = []
        try:
            while (frame := self.receive()) is not None:
                frames.append(frame)
        except TimeoutError:
            raise AssertionError(f"the connection was still open after {timeout}s") from None
        return frames

    def call(self, api_key, version, body=b"", flexible=False):
        """A request and its response's body (after the correlation id, and a flexible header's tag byte)."""
        correlation_id = self.send(api_key, version, body, flexible)
        frame = self.receive()
        assert frame is not None, f"the connection closed instead of answering API {api_key} v{version}"
        assert struct.unpack(">i", frame[:4])[0] == correlation_id
        return frame[5:] if flexible else frame[4:]

    def sasl_handshake(self, mechanism, version=1):
        """SaslHandshake; returns its error code."""
        return struct.unpack(">h", self.call(17, version, kafka_string(mechanism))[:2])[0]

    def sasl_authenticate(self, token):
        """SaslAuthenticate v1 that must succeed; returns the server's token and the session lifetime (ms)."""
        body = self.call(36, 1, kafka_bytes(token))
        error, message_length = struct.unpack(">hh", body[:4])
        message = body[4:4 + max(message_length, 0)]
        assert error == 0, f"SaslAuthenticate failed with error {error}: {message.decode(errors='replace')}"
        rest = body[4 + max(message_length, 0):]
        length = struct.unpack(">i", rest[:4])[0]
        return rest[4:4 + length], struct.unpack(">q", rest[4 + length:12 + length])[0]

    def scram_authenticate(self, user, password, mechanism="SCRAM-SHA-256"):
        """A whole SCRAM exchange, first or again (KIP-368); returns the session lifetime (ms) the gateway sent."""
        assert self.sasl_handshake(mechanism) == 0, f"SaslHandshake refused {mechanism}"
        scram = ScramClient(user, password, mechanism)
        server_first, _ = self.sasl_authenticate(scram.client_first())
        server_final, lifetime = self.sasl_authenticate(scram.client_final(server_first))
        scram.verify(server_final)
        return lifetime


class ScramClient:
    """The client side of one SCRAM exchange (RFC 5802), without channel binding."""

    def __init__(self, user, password, mechanism):
        self.password = password.encode()
        self.digest = hashlib.sha256 if mechanism == "SCRAM-SHA-256" else hashlib.sha512
        self.client_first_bare = f"n={user},r={secrets.token_urlsafe(18)}"

    def client_first(self):
        return b"n,," + self.client_first_bare.encode()

    def client_final(self, server_first):
        server_first = server_first.decode()
        fields = dict(part.split("=", 1) for part in server_first.split(","))
        self.salted = hashlib.pbkdf2_hmac(self.digest().name, self.password, base64.b64decode(fields["s"]), int(fields["i"]))
        client_key = hmac.digest(self.salted, b"Client Key", self.digest)
        without_proof = f"c=biws,r={fields['r']}"
        self.auth_message = f"{self.client_first_bare},{server_first},{without_proof}".encode()
        signature = hmac.digest(self.digest(client_key).digest(), self.auth_message, self.digest)
        proof = bytes(a ^ b for a, b in zip(client_key, signature))
        return f"{without_proof},p={base64.b64encode(proof).decode()}".encode()

    def verify(self, server_final):
        server_key = hmac.digest(self.salted, b"Server Key", self.digest)
        expected = b"v=" + base64.b64encode(hmac.digest(server_key, self.auth_message, self.digest))
        assert server_final == expected, "the gateway's server signature is wrong"
