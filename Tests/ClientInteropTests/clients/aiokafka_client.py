#!/usr/bin/env python3
"""Drives aiokafka against a capture server: a producer that waits for each
acknowledgement, and a group consumer that reads the served records and
commits. Prints one JSON summary line; exits 0 only if every step went as it
would against a broker.

Usage: aiokafka_client.py BOOTSTRAP
"""
import asyncio
import json
import sys

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

TOPIC = "captured"
SERVED = ["served-0", "served-1"]


async def produce(bootstrap, values):
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, client_id="portcullis-fixture-aiokafka", acks="all", request_timeout_ms=5000
    )
    await producer.start()
    try:
        return [(await producer.send_and_wait(TOPIC, value.encode(), partition=0)).offset for value in values]
    finally:
        await producer.stop()


async def consume(bootstrap):
    consumer = AIOKafkaConsumer(
        TOPIC,
        bootstrap_servers=bootstrap,
        client_id="portcullis-fixture-aiokafka",
        group_id="capture-group-aiokafka",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=100,
        heartbeat_interval_ms=100,
    )
    await consumer.start()
    try:
        values = []
        while len(values) < len(SERVED):
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                values.extend(record.value.decode() for record in records)
        # Stay a little longer, so that the member sends a heartbeat or two.
        await asyncio.sleep(0.5)
        await consumer.commit()
        return values
    finally:
        await consumer.stop()


async def main():
    bootstrap = sys.argv[1]
    errors = []
    offsets = await asyncio.wait_for(produce(bootstrap, ["aio-0", "aio-1", "aio-2"]), 15)
    consumed = await asyncio.wait_for(consume(bootstrap), 15)
    if len(offsets) != 3:
        errors.append("not every record was acknowledged")
    if consumed != SERVED:
        errors.append("did not consume the served records")
    print(json.dumps({"offsets": offsets, "consumed": consumed, "errors": errors}))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
