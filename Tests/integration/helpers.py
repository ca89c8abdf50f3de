"""Small helpers shared by the integration tests: topic creation, producing, and bounded polling."""
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic


def create_topic(bootstrap, name, partitions=1, config=None):
    admin = AdminClient({"bootstrap.servers": bootstrap})
    for future in admin.create_topics([NewTopic(name, partitions, 1, config=config or {})]).values():
        future.result(15)


def consume(bootstrap, topic, count, group=None, timeout=30.0, **config):
    """Consumes until `count` messages arrived or `timeout` passed; returns them."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap,
        "group.id": group or f"reader-{time.monotonic_ns()}",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        **config,
    })
    consumer.subscribe([topic])
    messages = []
    deadline = time.monotonic() + timeout
    try:
        while len(messages) < count and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None:
                continue
            if message.error():
                raise KafkaException(message.error())
            messages.append(message)
        if group:
            consumer.commit(asynchronous=False)
    finally:
        consumer.close()
    return messages


def end_offset(bootstrap, topic, partition=0, **config):
    """The partition's log end offset (high watermark): how many records it holds when nothing was deleted."""
    reader = Consumer({"bootstrap.servers": bootstrap, "group.id": "end-offset", **config})
    try:
        return reader.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)[1]
    finally:
        reader.close()


def produce(bootstrap, topic, records, **config):
    """Produces `(partition, value)` or `(partition, value, timestamp_ms)` tuples with acks=all;
    returns the delivered messages in delivery order."""
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", **config})
    delivered, errors = [], []

    def report(error, message):
        (errors if error else delivered).append(error or message)

    for partition, value, *timestamp in records:
        producer.produce(topic, partition=partition, value=value, on_delivery=report,
                         **({"timestamp": timestamp[0]} if timestamp else {}))
    assert producer.flush(30) == 0, "records were still unacknowledged after 30 s"
    assert errors == [], f"produce failed: {errors}"
    return delivered


def wait_until(predicate, timeout=30.0, what="the condition", interval=0.1):
    """Polls `predicate` until it returns something truthy, which is returned; fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def poll_until(consumers, predicate, timeout=30.0, what="the condition", on_message=None):
    """Keeps confluent-kafka consumers polling (their group work happens in poll)
    until `predicate()` holds, handing each message to `on_message` (or dropping
    it); fails after `timeout`."""
    def polled():
        for consumer in consumers:
            message = consumer.poll(0.2)
            if message is not None and message.error():
                raise KafkaException(message.error())
            if message is not None and on_message:
                on_message(message)
        return predicate()
    return wait_until(polled, timeout, what, interval=0)
