"""SIGTERM drains `portcullis gateway`: it stops accepting at once, answers the
requests its connections have already sent (here a Fetch long-polling at the
upstream), then closes them and exits 0 — the client gets its answer, not a
dropped connection."""
import signal
import socket
import struct
import time

from kafka.protocol import fetch

from gateway_fixtures import create_topic, start_gateway
from gateway_wire import KafkaWire

PASSWORD = "a shutdown test passphrase"
LONG_POLL_MS = 3000


def test_sigterm_answers_the_request_in_flight_then_closes_and_exits_zero(tmp_path):
    gateway = start_gateway(tmp_path, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"}, {"allow.everyone.if.no.acl.found": "true"})
    try:
        gateway.add_scram_user("poller", PASSWORD)
        create_topic(gateway.scram("SASL_PLAINTEXT", "poller", PASSWORD), "quiet")
        port = gateway.ports["SASL_PLAINTEXT"]
        wire = KafkaWire.connect(port)
        wire.scram_authenticate("poller", PASSWORD, "SCRAM-SHA-512")
        # A fetch at the log's end: the upstream holds it for its max wait.
        request = fetch.FetchRequest[11](-1, LONG_POLL_MS, 1, 1 << 20, 0, 0, -1, [("quiet", [(0, -1, 0, -1, 1 << 20)])], [], "")
        correlation_id = wire.send(1, 11, request.encode())
        time.sleep(0.3)  # the request has reached the upstream
        mark = gateway.log.mark()
        signalled = time.monotonic()
        gateway.process.send_signal(signal.SIGTERM)

        gateway.log.wait_for("gateway shutting down", since=mark, timeout=5)
        refused = False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            refused = True
        assert refused, "the listener still accepted after SIGTERM"

        answer = wire.receive()
        answered = time.monotonic() - signalled
        assert answer is not None, f"the connection closed without answering the fetch (gateway exit {gateway.process.wait(timeout=15)}):\n{gateway.log.since(mark)}"
        assert struct.unpack(">i", answer[:4])[0] == correlation_id
        assert wire.receive() is None, "the connection stays open after its last answer"
        assert gateway.process.wait(timeout=15) == 0
        assert 0.5 < answered < LONG_POLL_MS / 1000 + 2, answered
        assert gateway.log.lines("the gateway is shutting down", since=mark)
    finally:
        if gateway.process.poll() is None:
            gateway.process.kill()
        gateway.broker.kill()
