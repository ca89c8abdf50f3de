"""Forwarding behaviour a broker's clients rely on: acks=0 produce (no
response, nothing hangs), pipelined requests answered in order, and an
upstream that goes away and comes back."""
import time

from confluent_kafka import Consumer, Producer

from gateway_fixtures import client_only, create_topic, start_gateway, stop_gateway


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


def test_upstream_restart_reaches_clients_as_a_disconnect_and_they_recover(tmp_path):
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
        # While the upstream is down, a request is not left hanging: the gateway closes the connection.
        producer.produce("through-a-restart", value=b"during", on_delivery=lambda e, m: errors.append(e))
        producer.poll(2)
        gateway.log.wait_for("closing connection", since=mark, timeout=10)
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
