#!/usr/bin/env python3
"""Drives confluent-kafka (librdkafka 2.16) against a capture server.

A producer, an idempotent producer that logs in with SASL PLAIN, and a group
consumer that reads the served records and commits. Prints one JSON summary
line and exits 0 only if every step went as it would against a broker.

Usage: confluent_kafka_client.py BOOTSTRAP
"""
import json
import sys
import time

from confluent_kafka import Consumer, Producer

TOPIC = "captured"
SERVED = ["served-0", "served-1"]


def produce(config, values, errors):
    delivered = []

    def on_delivery(error, message):
        if error is not None:
            errors.append(f"delivery failed: {error}")
        else:
            delivered.append([message.value().decode(), message.offset()])

    producer = Producer(config)
    for value in values:
        producer.produce(TOPIC, value=value.encode(), partition=0, on_delivery=on_delivery)
    remaining = producer.flush(10)
    if remaining:
        errors.append(f"{remaining} messages undelivered")
    return delivered


def consume(config, errors):
    consumer = Consumer(config)
    consumer.subscribe([TOPIC])
    values = []
    deadline = time.monotonic() + 15
    while len(values) < len(SERVED) and time.monotonic() < deadline:
        message = consumer.poll(0.2)
        if message is None:
            continue
        if message.error():
            errors.append(f"consume: {message.error()}")
            continue
        values.append(message.value().decode())
    # Stay a little longer, so that the member sends a heartbeat or two.
    linger = time.monotonic() + 0.5
    while time.monotonic() < linger:
        consumer.poll(0.1)
    committed = []
    if values:
        for partition in consumer.commit(asynchronous=False):
            if partition.error:
                errors.append(f"commit: {partition.error}")
            committed.append([partition.topic, partition.partition, partition.offset])
    consumer.close()
    return values, committed


def main():
    bootstrap = sys.argv[1]
    common = {
        "bootstrap.servers": bootstrap,
        "client.id": "portcullis-fixture-confluent",
        "socket.timeout.ms": 5000,
    }
    errors = []
    summary = {
        "delivered": produce({**common, "acks": "all", "linger.ms": 5}, ["ck-0", "ck-1", "ck-2"], errors),
        "idempotent_delivered": produce(
            {
                **common,
                "enable.idempotence": True,
                "security.protocol": "SASL_PLAINTEXT",
                "sasl.mechanisms": "PLAIN",
                "sasl.username": "fixture-user",
                "sasl.password": "fixture-secret",
            },
            ["ck-idempotent-0"],
            errors,
        ),
    }
    summary["consumed"], summary["committed"] = consume(
        {
            **common,
            "group.id": "capture-group-confluent",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "session.timeout.ms": 6000,
            "heartbeat.interval.ms": 100,
        },
        errors,
    )
    if len(summary["delivered"]) != 3 or len(summary["idempotent_delivered"]) != 1:
        errors.append("not every message was delivered")
    if summary["consumed"] != SERVED:
        errors.append("did not consume the served records")
    if summary["committed"] != [[TOPIC, 0, len(SERVED)]]:
        errors.append("did not commit the offset after the served records")
    summary["errors"] = errors
    print(json.dumps(summary))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
