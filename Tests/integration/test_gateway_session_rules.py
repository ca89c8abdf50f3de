"""Session rules that a review found broken, checked against real processes
with a raw client (which can stop where real clients never do): a user
removed in the middle of a SCRAM exchange gets no session; a session past
its end is served nothing more while a re-authentication is open; clients
that simply disconnect are not logged as upstream failures."""
import secrets
import struct
import time

from gateway_fixtures import (POLICY_PROPAGATION, authctl, dev_cluster, gateway, run_kcat,  # noqa: F401 (fixtures)
                              start_gateway, stop_gateway)
from gateway_wire import KafkaWire, ScramClient, kafka_bytes

METADATA, SASL_AUTHENTICATE = 3, 36
SASL_AUTHENTICATION_FAILED = 58
EVERY_TOPIC_V1 = struct.pack(">i", -1)


def new_user(gateway):
    user, password = f"session-{secrets.token_hex(3)}", secrets.token_urlsafe(12)
    gateway.add_scram_user(user, password)
    time.sleep(POLICY_PROPAGATION)
    return user, password


def test_user_removed_between_client_first_and_client_final_gets_no_session(gateway):
    user, password = new_user(gateway)
    client = KafkaWire.connect(gateway.ports["SASL_PLAINTEXT"])
    try:
        assert client.sasl_handshake("SCRAM-SHA-256") == 0
        scram = ScramClient(user, password, "SCRAM-SHA-256")
        server_first, _ = client.sasl_authenticate(scram.client_first())
        mark = gateway.log.mark()
        authctl(gateway.data_dir, "user", "remove", user)
        time.sleep(POLICY_PROPAGATION * 3)
        answer = client.call(SASL_AUTHENTICATE, 1, kafka_bytes(scram.client_final(server_first)))
        assert struct.unpack(">h", answer[:2])[0] == SASL_AUTHENTICATION_FAILED, "client-final accepted for a removed user"
        assert password.encode() not in answer
        client.send(METADATA, 1, EVERY_TOPIC_V1)
        assert client.receive_until_closed() == [], "served after the exchange was refused"
        gateway.log.wait_for(rf"User:{user} was removed or disabled during the exchange", since=mark)
    finally:
        client.close()


def test_session_past_its_end_is_served_nothing_while_a_reauthentication_is_open(tmp_path):
    short = start_gateway(tmp_path, listeners={"SASL_PLAINTEXT": "SASL_PLAINTEXT"},
                          settings={"connections.max.reauth.ms": "3000"})
    try:
        user, password = new_user(short)
        client = KafkaWire.connect(short.ports["SASL_PLAINTEXT"])
        assert client.scram_authenticate(user, password) == 3000
        authenticated = time.monotonic()
        time.sleep(1.5)  # re-authentication sooner than a second after the last is refused
        assert client.sasl_handshake("SCRAM-SHA-256") == 0  # begins a re-authentication, proves nothing
        assert client.call(METADATA, 1, EVERY_TOPIC_V1)  # still within the session: served
        time.sleep(max(0.0, authenticated + 3.3 - time.monotonic()))
        mark = short.log.mark()
        client.send(METADATA, 1, EVERY_TOPIC_V1)
        assert client.receive_until_closed(timeout=3) == [], "served past the session's end"
        short.log.wait_for("session expired without re-authentication", since=mark)
        client.close()
    finally:
        stop_gateway(short)


def test_clients_that_disconnect_are_not_upstream_failures(dev_cluster):
    mark = dev_cluster.log.mark()
    properties = dev_cluster.client_dir / "admin-scram.properties"
    for _ in range(5):
        assert "broker" in run_kcat("-F", str(properties), "-L").stdout
    time.sleep(0.5)
    assert not dev_cluster.log.lines("upstream connection lost", since=mark), dev_cluster.log.since(mark)
