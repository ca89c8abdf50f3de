"""KIP-368 sessions with connections.max.reauth.ms=3000: confluent-kafka
re-authenticates on its open connections and a consumer polling for 12 s
while a producer sends every half second gets every record without a
reconnect; kafka-python, which never re-authenticates, has its connection
closed when the session ends, and reconnects. By hand (Apache Kafka's
SaslAuthenticatorTest cases): a re-authentication begun before the session
ends is honoured, one as a different principal or within a second of the
last is refused and the connection closed."""
import struct
import time

import pytest
from confluent_kafka import Consumer, Producer
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

from gateway_fixtures import create_topic, start_gateway, stop_gateway
from gateway_wire import KafkaWire, ScramClient, kafka_bytes, kafka_string

LISTENERS = {"SASL_SSL": "SASL_SSL", "SASL_PLAINTEXT": "SASL_PLAINTEXT"}
SESSION = {"connections.max.reauth.ms": "3000"}
PASSWORD = "long-running-secret"


@pytest.fixture(scope="module")
def short_sessions(tmp_path_factory):
    """A gateway whose SASL sessions last three seconds."""
    started = start_gateway(tmp_path_factory.mktemp("short-sessions"), LISTENERS, SESSION)
    yield started
    stop_gateway(started)


def principal_lines(log_text, principal, message):
    return [line for line in log_text.splitlines() if f"principal=User:{principal} " in line and message in line]


def test_reauthenticating_consumer_keeps_its_connections_and_every_record(short_sessions):
    gateway = short_sessions
    for user in ("reauth-reader", "reauth-writer"):
        gateway.add_scram_user(user, PASSWORD)
    reader = gateway.scram("SASL_SSL", "reauth-reader", PASSWORD)
    writer = gateway.scram("SASL_SSL", "reauth-writer", PASSWORD, mechanism="SCRAM-SHA-256")
    create_topic(writer, "heartbeat")
    consumer = Consumer({**reader, "group.id": "long-runner", "auto.offset.reset": "earliest",
                         "enable.auto.commit": False})
    producer = Producer({**writer, "acks": "all"})
    try:
        consumer.subscribe(["heartbeat"])
        deadline = time.monotonic() + 20
        while not consumer.assignment() and time.monotonic() < deadline:
            consumer.poll(0.2)
        assert consumer.assignment(), "the consumer never joined its group"

        mark = gateway.log.mark()
        sent, received = [], []
        started = next_send = time.monotonic()
        while time.monotonic() - started < 12:
            if time.monotonic() >= next_send:
                sent.append(f"beat-{len(sent):03d}".encode())
                producer.produce("heartbeat", value=sent[-1])
                next_send += 0.5
            producer.poll(0)
            message = consumer.poll(0.1)
            if message is not None:
                assert not message.error(), message.error()
                received.append(message.value())
        assert producer.flush(10) == 0
        deadline = time.monotonic() + 10
        while len(received) < len(sent) and time.monotonic() < deadline:
            message = consumer.poll(0.2)
            if message is not None and not message.error():
                received.append(message.value())
        log = gateway.log.since(mark)
    finally:
        consumer.close()

    assert received == sent
    assert len(principal_lines(log, "reauth-reader", "re-authenticated")) >= 3, log
    assert principal_lines(log, "reauth-reader", "session expired") == []
    # Every connection was kept: none of the reader's was opened again.
    assert [line for line in principal_lines(log, "reauth-reader", "authenticated") if "re-authenticated" not in line] == []


def test_client_that_cannot_reauthenticate_is_closed_at_session_end_and_reconnects(short_sessions):
    gateway = short_sessions
    gateway.add_scram_user("legacy-reader", PASSWORD)
    settings = {
        "bootstrap_servers": f"localhost:{gateway.ports['SASL_PLAINTEXT']}", "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-256", "sasl_plain_username": "legacy-reader", "sasl_plain_password": PASSWORD,
    }
    create_topic(gateway.scram("SASL_PLAINTEXT", "legacy-reader", PASSWORD), "legacy")
    consumer = KafkaConsumer(auto_offset_reset="earliest", **settings)
    producer = KafkaProducer(acks="all", **settings)
    try:
        consumer.assign([TopicPartition("legacy", 0)])
        producer.send("legacy", b"before").get(timeout=10)
        received = []
        deadline = time.monotonic() + 8
        while not principal_lines(gateway.log.text(), "legacy-reader", "session expired without re-authentication"):
            assert time.monotonic() < deadline, gateway.log.text()[-3000:]
            for records in consumer.poll(200).values():
                received += [record.value for record in records]
        producer.send("legacy", b"after").get(timeout=10)
        deadline = time.monotonic() + 10
        while b"after" not in received and time.monotonic() < deadline:
            for records in consumer.poll(200).values():
                received += [record.value for record in records]
    finally:
        consumer.close()
        producer.close()
    assert received == [b"before", b"after"]


METADATA, SASL_HANDSHAKE, SASL_AUTHENTICATE, ILLEGAL_SASL_STATE = 3, 17, 36, 34


def authenticated_wire(gateway, user):
    gateway.add_scram_user(user, PASSWORD)
    client = KafkaWire.connect(gateway.ports["SASL_PLAINTEXT"])
    assert client.scram_authenticate(user, PASSWORD) == 3000
    return client


def test_reauthentication_begun_before_the_session_ends_is_honoured(short_sessions):
    client = authenticated_wire(short_sessions, "late-finisher")
    authenticated = time.monotonic()
    try:
        time.sleep(2.7)
        assert client.sasl_handshake("SCRAM-SHA-256") == 0
        time.sleep(max(0.0, authenticated + 3.4 - time.monotonic()))  # finish after the old session's end
        scram = ScramClient("late-finisher", PASSWORD, "SCRAM-SHA-256")
        server_first, _ = client.sasl_authenticate(scram.client_first())
        server_final, lifetime = client.sasl_authenticate(scram.client_final(server_first))
        scram.verify(server_final)
        assert lifetime == 3000
        assert client.call(METADATA, 1, struct.pack(">i", -1))  # the connection serves the new session
    finally:
        client.close()
    assert principal_lines(short_sessions.log.text(), "late-finisher", "session expired") == []


def test_reauthentication_as_another_principal_is_refused(short_sessions):
    short_sessions.add_scram_user("someone-else", PASSWORD)
    client = authenticated_wire(short_sessions, "first-principal")
    mark = short_sessions.log.mark()
    try:
        time.sleep(1.1)  # past the minimum interval between authentications
        assert client.sasl_handshake("SCRAM-SHA-256") == 0
        scram = ScramClient("someone-else", PASSWORD, "SCRAM-SHA-256")
        server_first, _ = client.sasl_authenticate(scram.client_first())
        client.send(SASL_AUTHENTICATE, 1, kafka_bytes(scram.client_final(server_first)))
        assert client.receive_until_closed(timeout=2) == []
    finally:
        client.close()
    short_sessions.log.wait_for("principal=User:first-principal .*re-authentication as a different principal", since=mark)


def test_reauthentication_within_a_second_is_refused(short_sessions):
    client = authenticated_wire(short_sessions, "hasty")
    try:
        correlation_id = client.send(SASL_HANDSHAKE, 1, kafka_string("SCRAM-SHA-256"))
        frames = client.receive_until_closed(timeout=2)
    finally:
        client.close()
    assert len(frames) == 1 and struct.unpack(">ih", frames[0][:6]) == (correlation_id, ILLEGAL_SASL_STATE)
