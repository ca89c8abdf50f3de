#!/usr/bin/env python3
"""Drives kafka-python against a capture server, twice.

modern: versions negotiated through ApiVersions; the producer logs in with
SASL PLAIN. legacy: api_version=(0, 10, 1), so no ApiVersions and the old
request versions (Produce v2, Fetch v3, Metadata v1 ...). Each run produces
three records and has a group consumer read the served records and commit.
Prints one JSON summary line; exits 0 only if every step went as it would
against a broker.

Usage: kafka_python_client.py BOOTSTRAP
"""
import json
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

TOPIC = "captured"
SERVED = ["served-0", "served-1"]
SASL = {
    "security_protocol": "SASL_PLAINTEXT",
    "sasl_mechanism": "PLAIN",
    "sasl_plain_username": "fixture-user",
    "sasl_plain_password": "fixture-secret",
}


def produce(bootstrap, api_version, values, **extra):
    producer = KafkaProducer(
        bootstrap_servers=bootstrap,
        client_id="portcullis-fixture-kafka-python",
        api_version=api_version,
        acks="all",
        request_timeout_ms=5000,
        max_block_ms=10000,
        **extra,
    )
    futures = [producer.send(TOPIC, value.encode(), partition=0) for value in values]
    offsets = [future.get(timeout=10).offset for future in futures]
    producer.close(timeout=5)
    return offsets


def consume(bootstrap, api_version, group):
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        client_id="portcullis-fixture-kafka-python",
        api_version=api_version,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        heartbeat_interval_ms=100,
    )
    consumer.subscribe([TOPIC])
    values = []
    deadline = time.monotonic() + 15
    while len(values) < len(SERVED) and time.monotonic() < deadline:
        for records in consumer.poll(timeout_ms=200).values():
            values.extend(record.value.decode() for record in records)
    # Stay a little longer, so that the member sends a heartbeat or two.
    linger = time.monotonic() + 0.5
    while time.monotonic() < linger:
        consumer.poll(timeout_ms=100)
    committed = None
    if values:
        consumer.commit()
        committed = consumer.committed(TopicPartition(TOPIC, 0))
    consumer.close()
    return values, committed


def main():
    bootstrap = sys.argv[1]
    errors = []
    summary = {}
    for mode, api_version, extra in [("modern", None, SASL), ("legacy", (0, 10, 1), {})]:
        offsets = produce(bootstrap, api_version, [f"kp-{mode}-{i}" for i in range(3)], **extra)
        values, committed = consume(bootstrap, api_version, f"capture-group-kafka-python-{mode}")
        summary[mode] = {"offsets": offsets, "consumed": values, "committed": committed}
        if len(offsets) != 3:
            errors.append(f"{mode}: not every record was acknowledged")
        if values != SERVED:
            errors.append(f"{mode}: did not consume the served records")
    summary["errors"] = errors
    print(json.dumps(summary))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
