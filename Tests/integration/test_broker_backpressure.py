"""A client that writes requests but never reads the responses stops being
read: once the broker cannot write its answers, it stops reading, so the
client's socket fills and stays full, while other clients are still served."""
import socket
import struct
import subprocess
import time

API_VERSIONS_V0 = struct.pack(">hhih", 18, 0, 7, 4) + b"test"  # api key, version, correlation id, client id
FRAME = struct.pack(">i", len(API_VERSIONS_V0)) + API_VERSIONS_V0
CHUNK = FRAME * 1000
LIMIT_BYTES = 256 << 20  # far more than the socket buffers on both sides hold


def test_a_client_that_does_not_read_stops_being_read(broker):
    host, port = broker.bootstrap.split(":")
    with socket.create_connection((host, int(port)), timeout=5) as stuck:
        stuck.setblocking(False)
        sent, blocked_since = 0, None
        deadline = time.monotonic() + 60
        while sent < LIMIT_BYTES and time.monotonic() < deadline:
            try:
                sent += stuck.send(CHUNK)
                blocked_since = None
            except BlockingIOError:
                blocked_since = blocked_since or time.monotonic()
                if time.monotonic() - blocked_since > 2:
                    break
                time.sleep(0.01)
        assert blocked_since is not None and time.monotonic() - blocked_since > 2, \
            f"the broker kept reading: {sent} bytes of requests accepted"
        assert sent < LIMIT_BYTES
        listing = subprocess.run(["kcat", "-b", broker.bootstrap, "-L"], check=True, timeout=30, capture_output=True)
        assert b"1 brokers" in listing.stdout
