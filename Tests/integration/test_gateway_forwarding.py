"""Forwarding behaviour a broker's clients rely on: acks=0 produce (no
response, nothing hangs), pipelined requests answered in order, and an
upstream that goes away and comes back: requests get the retriable errors
a broker sends, on the same connection, and clients recover."""
import struct
import time

from confluent_kafka import Consumer, Producer

from gateway_fixtures import client_only, create_topic, start_gateway, stop_gateway
from gateway_wire import KafkaWire, kafka_string

NOT_LEADER_OR_FOLLOWER = 6
COORDINATOR_NOT_AVAILABLE = 15


def test_acks_zero_and_pipelined_produce_through_the_gateway(tmp_path):
    gateway = start_gateway(tmp_path)
    try:
        gateway.add_scram_user("pipe", "pipe-passphrase-1")
        settings = gateway.scram("SASL_PLAINTEXT", "pipe", "pipe-passphrase-1")
        create_topic(settings, "fire-and-forget", partitions=2)
        # acks=0: the gateway forwards without expecting an answer; the next requests still line up.
        fire = Producer({**settings, "acks": "0", "linger.ms": 0})
        for n in range(200):
            fire.produce("fire-and-forget", value=f"zero-{n}".encode(), partition=n % 2)
        assert fire.flush(15) == 0
        # Many requests in flight on one connection (pipelining), each answered in order.
        piped = Producer({**settings, "acks": "all", "linger.ms": 0, "max.in.flight.requests.per.connection": 5})
        delivered = []
        for n in range(300):
            piped.produce("fire-and-forget", value=f"piped-{n}".encode(), partition=n % 2,
                          on_delivery=lambda error, message: delivered.append(error))
        assert piped.flush(30) == 0
        assert delivered == [None] * 300

        consumer = Consumer({**settings, "group.id": "pipe-reader", "auto.offset.reset": "earliest"})
        consumer.subscribe(["fire-and-forget"])
        values, deadline = set(), time.monotonic() + 30
        while len(values) < 500 and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is not None and message.error() is None:
                values.add(message.value().decode())
        consumer.close()
        assert values == {f"zero-{n}" for n in range(200)} | {f"piped-{n}" for n in range(300)}
    finally:
        stop_gateway(gateway)


def test_upstream_restart_reaches_a_real_client_as_retriable_errors_and_it_recovers(tmp_path):
    gateway = start_gateway(tmp_path)
    try:
        gateway.add_scram_user("steady", "steady-passphrase-1")
        settings = gateway.scram("SASL_SSL", "steady", "steady-passphrase-1")
        create_topic(settings, "through-a-restart")
        producer = Producer({**settings, "acks": "all", "linger.ms": 0, "message.timeout.ms": 60000})
        errors = []
        for n in range(10):
            producer.produce("through-a-restart", value=f"before-{n}".encode(), on_delivery=lambda e, m: errors.append(e))
        assert producer.flush(15) == 0

        mark = gateway.log.mark()
        gateway.broker.kill()
        # While the upstream is down, requests are not left hanging: they are answered with retriable errors.
        producer.produce("through-a-restart", value=b"during", on_delivery=lambda e, m: errors.append(e))
        producer.poll(2)
        gateway.log.wait_for("upstream connection lost", since=mark, timeout=10)
        assert gateway.alive()

        gateway.broker.start()
        for n in range(10):
            producer.produce("through-a-restart", value=f"after-{n}".encode(), on_delivery=lambda e, m: errors.append(e))
        assert producer.flush(45) == 0
        assert errors == [None] * 21, errors

        consumer = Consumer({**client_only(settings), "bootstrap.servers": settings["bootstrap.servers"],
                             "group.id": "restart-reader", "auto.offset.reset": "earliest"})
        consumer.subscribe(["through-a-restart"])
        values, deadline = [], time.monotonic() + 30
        while len(values) < 21 and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is not None and message.error() is None:
                values.append(message.value().decode())
        consumer.close()
        assert sorted(values) == sorted([f"before-{n}" for n in range(10)] + ["during"] + [f"after-{n}" for n in range(10)])
    finally:
        stop_gateway(gateway)


def heartbeat(wire):
    """Heartbeat v0 for a group nobody joined; returns its error code."""
    body = kafka_string("outage-group") + struct.pack(">i", 1) + kafka_string("outage-member")
    return struct.unpack(">h", wire.call(12, 0, body)[:2])[0]


def list_offsets_error(wire, topic):
    """ListOffsets v1 for the latest offset of partition 0; returns the partition's error code."""
    body = struct.pack(">ii", -1, 1) + kafka_string(topic) + struct.pack(">iiq", 1, 0, -1)
    response = wire.call(2, 1, body)
    name_length = struct.unpack(">h", response[4:6])[0]
    partition = response[6 + name_length + 4:]
    assert struct.unpack(">i", partition[:4])[0] == 0
    return struct.unpack(">h", partition[4:6])[0]


def test_requests_during_an_upstream_outage_get_retriable_errors_on_the_same_connection(tmp_path):
    gateway = start_gateway(tmp_path)
    try:
        gateway.add_scram_user("outage", "outage-passphrase-1")
        create_topic(gateway.scram("SASL_PLAINTEXT", "outage", "outage-passphrase-1"), "outage-topic")
        wire = KafkaWire.connect(gateway.ports["SASL_PLAINTEXT"], timeout=15)
        wire.scram_authenticate("outage", "outage-passphrase-1")
        answered_by_the_broker = heartbeat(wire)
        assert answered_by_the_broker != COORDINATOR_NOT_AVAILABLE
        assert list_offsets_error(wire, "outage-topic") == 0

        mark = gateway.log.mark()
        gateway.broker.kill()
        started = time.monotonic()
        # Each API gets what a broker sends when it cannot serve it now, at once, and the connection stays.
        assert heartbeat(wire) == COORDINATOR_NOT_AVAILABLE
        assert list_offsets_error(wire, "outage-topic") == NOT_LEADER_OR_FOLLOWER
        assert heartbeat(wire) == COORDINATOR_NOT_AVAILABLE
        assert time.monotonic() - started < 5
        gateway.log.wait_for("upstream connection lost", since=mark)

        # The upstream is back: the next request reconnects, on the same client connection.
        gateway.broker.start()
        assert heartbeat(wire) == answered_by_the_broker
        assert list_offsets_error(wire, "outage-topic") == 0

        # Metadata has nowhere to carry such an error: a broker always answers it. Without an
        # upstream the gateway closes the connection instead, which clients also retry.
        gateway.broker.kill()
        wire.send(3, 1, struct.pack(">i", 1) + kafka_string("outage-topic"))
        assert wire.receive_until_closed(timeout=10) == []
        assert gateway.alive()
    finally:
        stop_gateway(gateway)
