"""Real clients against a real `portcullis broker` process: kcat (librdkafka
2.0.2), confluent-kafka (librdkafka 2.16) and kafka-python each produce and
consume, and nothing they produce is stored in plaintext."""
import os
import pathlib
import stat
import subprocess

from confluent_kafka import Producer
from kafka import KafkaConsumer, KafkaProducer

from helpers import consume, create_topic


def files_containing(directory: pathlib.Path, needle: bytes):
    return [path for path in directory.rglob("*") if path.is_file() and needle in path.read_bytes()]


def test_confluent_kafka_idempotent_producer_and_consumer(broker):
    create_topic(broker.bootstrap, "payments", partitions=3)
    producer = Producer({"bootstrap.servers": broker.bootstrap, "enable.idempotence": True, "acks": "all"})
    failures = []
    for i in range(600):
        producer.produce("payments", key=f"k{i % 7}", value=f"CONFLUENT-PLAINTEXT-{i:04d}".encode(),
                         on_delivery=lambda error, _: failures.append(error) if error else None)
    assert producer.flush(30) == 0
    assert failures == []
    values = sorted(m.value() for m in consume(broker.bootstrap, "payments", 600))
    assert values == sorted(f"CONFLUENT-PLAINTEXT-{i:04d}".encode() for i in range(600))
    assert files_containing(broker.data_dir, b"CONFLUENT-PLAINTEXT") == []


def test_data_directories_are_owner_only_whatever_the_umask(broker_factory):
    previous = os.umask(0o022)
    try:
        broker = broker_factory()
    finally:
        os.umask(previous)
    create_topic(broker.bootstrap, "modes")
    producer = Producer({"bootstrap.servers": broker.bootstrap})
    producer.produce("modes", value=b"x")
    assert producer.flush(15) == 0
    consumer = KafkaConsumer("modes", bootstrap_servers=broker.bootstrap, group_id="modes-group",
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=15000)
    assert next(consumer).value == b"x"
    consumer.commit()
    consumer.close()
    directories = [broker.data_dir, *(path for path in broker.data_dir.rglob("*") if path.is_dir())]
    assert len(directories) >= 4, directories  # logs, the partition, keys, meta
    loose = {str(path): oct(stat.S_IMODE(path.stat().st_mode)) for path in directories if path.stat().st_mode & 0o077}
    assert loose == {}


def test_kcat_produces_and_consumes(broker):
    create_topic(broker.bootstrap, "logs")
    lines = "".join(f"KCAT-PLAINTEXT-{i}\n" for i in range(50))
    subprocess.run(["kcat", "-b", broker.bootstrap, "-P", "-t", "logs", "-X", "acks=all"],
                   input=lines.encode(), check=True, timeout=30)
    result = subprocess.run(["kcat", "-b", broker.bootstrap, "-C", "-t", "logs", "-o", "beginning", "-e", "-q"],
                            check=True, timeout=30, capture_output=True)
    assert result.stdout.decode().splitlines() == [f"KCAT-PLAINTEXT-{i}" for i in range(50)]
    listing = subprocess.run(["kcat", "-b", broker.bootstrap, "-L", "-t", "logs"], check=True, timeout=30, capture_output=True)
    assert f"at {broker.bootstrap}" in listing.stdout.decode()
    assert files_containing(broker.data_dir, b"KCAT-PLAINTEXT") == []


def test_kafka_python_produces_and_consumes_in_a_group(broker):
    create_topic(broker.bootstrap, "events", partitions=2)
    producer = KafkaProducer(bootstrap_servers=broker.bootstrap, acks="all")
    for i in range(100):
        producer.send("events", value=f"PYTHON-PLAINTEXT-{i}".encode())
    producer.flush(30)
    producer.close()
    consumer = KafkaConsumer("events", bootstrap_servers=broker.bootstrap, group_id="python-group",
                             auto_offset_reset="earliest", enable_auto_commit=False, consumer_timeout_ms=10_000)
    values = []
    for message in consumer:
        values.append(message.value)
        if len(values) == 100:
            break
    consumer.commit()
    consumer.close()
    assert sorted(values) == sorted(f"PYTHON-PLAINTEXT-{i}".encode() for i in range(100))
    assert files_containing(broker.data_dir, b"PYTHON-PLAINTEXT") == []


def test_unknown_topic_is_refused_when_auto_creation_is_off(broker):
    producer = Producer({"bootstrap.servers": broker.bootstrap, "message.timeout.ms": 3000})
    errors = []
    producer.produce("never-created", value=b"x", on_delivery=lambda error, _: errors.append(error))
    producer.flush(10)
    assert len(errors) == 1 and errors[0] is not None
