"""`authctl keys` against a running broker's data: rotation makes new
segments use the new key version, rewrap moves old segment keys to it without
touching the data, and disabling the key makes the data unreadable until it
is enabled again."""
import json
import subprocess
import time

from confluent_kafka import Consumer, Producer

from conftest import BINARY
from helpers import consume, create_topic

AUTHCTL = BINARY.parent / "authctl"
KEY = "alias/portcullis-segments"


def authctl(broker, *arguments):
    result = subprocess.run([str(AUTHCTL), "keys", *arguments, "--data-dir", str(broker.data_dir)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout


def key_versions(broker):
    return sorted(json.loads(path.read_text())["wrappedKey"]["keyVersion"] for path in (broker.data_dir / "logs").rglob("*.key"))


def produce(broker, prefix, count):
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all"})
    for i in range(count):
        producer.produce("vault", value=f"{prefix}-{i:03d}-".encode() + b"x" * 200)
        producer.flush(10)  # one batch each, so small segments roll
    assert producer.flush(10) == 0


def test_rotate_rewrap_disable_enable(broker):
    create_topic(broker.bootstrap, "vault", config={"segment.bytes": "2000"})
    produce(broker, "before", 10)
    assert set(key_versions(broker)) == {1}
    assert "version 2" in authctl(broker, "rotate", KEY)

    produce(broker, "after", 10)
    versions = key_versions(broker)
    assert 1 in versions and 2 in versions, f"new segments should use version 2: {versions}"

    assert "moved to a newer key version" in authctl(broker, "rewrap")
    assert set(key_versions(broker)) == {2}
    assert len(consume(broker.bootstrap, "vault", 20, timeout=20)) == 20, "data unreadable after rewrap"

    authctl(broker, "disable", KEY)
    assert "DISABLED" in authctl(broker, "list")
    time.sleep(1.5)  # the broker re-checks a cached key's KEK at least every 0.5 s
    consumer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "shredded", "auto.offset.reset": "earliest"})
    consumer.subscribe(["vault"])
    values = []
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        message = consumer.poll(0.5)
        if message is not None and not message.error():
            values.append(message.value())
    consumer.close()
    assert values == [], "records were served while their key was disabled"
    # The client is answered KAFKA_STORAGE_ERROR (retriable, so librdkafka retries
    # quietly); the broker's log says why.
    assert "keyDisabled" in broker.log()

    authctl(broker, "enable", KEY)
    time.sleep(1.0)
    assert len(consume(broker.bootstrap, "vault", 20, timeout=20)) == 20, "data unreadable after re-enabling"
