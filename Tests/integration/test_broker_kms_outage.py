"""The broker on AWS KMS (moto) when the KMS stops answering: moto paused with
SIGSTOP accepts connections and answers nothing, like a KMS that hangs
(killing it would lose its keys). Reads and writes that have their data keys
go on; a new segment's key waits for the KMS with a retriable error."""
import os
import signal
import time

import boto3
from confluent_kafka import Consumer, Producer, TopicPartition

from helpers import create_topic, wait_until
from moto_server import CREDENTIALS, moto_server  # noqa: F401 (fixture)


def start_broker(broker_factory, endpoint, tmp_path):
    config = tmp_path / "broker.properties"
    config.write_text(f"encryption.kms=aws\nencryption.aws.endpoint={endpoint}\nencryption.aws.region=us-east-1\n")
    return broker_factory(extra_args=["--config", str(config)], env=CREDENTIALS)


def reader(bootstrap, topic):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": f"reader-{time.monotonic_ns()}",
                         "enable.auto.commit": False, "fetch.wait.max.ms": 100})
    consumer.assign([TopicPartition(topic, 0, 0)])
    return consumer


def read(consumer, count, timeout):
    """`count` values within `timeout` seconds, failing on any error the client reports."""
    values = []
    deadline = time.monotonic() + timeout
    while len(values) < count and time.monotonic() < deadline:
        message = consumer.poll(0.2)
        if message is None:
            continue
        assert not message.error(), message.error()
        values.append(message.value())
    return values


def produce(producer, topic, values, timeout):
    failures = []
    for value in values:
        producer.produce(topic, value=value, on_delivery=lambda error, _: error and failures.append(error))
    assert producer.flush(timeout) == 0, "not all records were acknowledged in time"
    assert not failures, failures


def test_a_paused_kms_does_not_stall_reads_or_writes_that_have_their_keys(broker_factory, moto_server, tmp_path):
    broker = start_broker(broker_factory, moto_server.endpoint, tmp_path)
    create_topic(broker.bootstrap, "ledger")
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "linger.ms": 0})
    before = [f"before-{i}".encode() for i in range(20)]
    produce(producer, "ledger", before, 15)
    consumer = reader(broker.bootstrap, "ledger")
    assert read(consumer, 20, 15) == before
    create_topic(broker.bootstrap, "fresh")

    os.kill(moto_server.process.pid, signal.SIGSTOP)
    try:
        # Longer than several key status intervals (0.5 s), one record at a time.
        during, slowest = [], 0.0
        for i in range(30):
            started = time.monotonic()
            during.append(f"during-{i}".encode())
            produce(producer, "ledger", during[-1:], 5)
            assert read(consumer, 1, 5) == during[-1:]
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.1)
        assert slowest < 1, f"a record took {slowest:.1f} s to be produced and read with the KMS paused"
        again = reader(broker.bootstrap, "ledger")
        assert read(again, 50, 5) == before + during, "a new consumer re-reads the partition from cached keys"
        again.close()
        print(f"with the KMS paused: the slowest produce-and-read of one record took {slowest * 1000:.0f} ms")

        # The first segment of a new topic needs a data key: delivery waits, it does not fail.
        fresh = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "message.timeout.ms": 60000})
        delivered = []
        fresh.produce("fresh", value=b"first", on_delivery=lambda error, message: delivered.append(error))
        deadline = time.monotonic() + 12
        while time.monotonic() < deadline:
            fresh.poll(0.2)
        assert delivered == [], f"the first record of a new topic was settled with the KMS paused: {delivered}"
        wait_until(lambda: "the KMS is unreachable" in broker.log(), timeout=5, what="the broker to log the KMS unreachable")
    finally:
        os.kill(moto_server.process.pid, signal.SIGCONT)

    resumed = time.monotonic()
    assert fresh.flush(30) == 0, "the new topic's first record was not delivered once the KMS answered"
    assert delivered == [None], delivered
    print(f"new topic delivered {time.monotonic() - resumed:.1f} s after the KMS came back")
    assert read(reader(broker.bootstrap, "fresh"), 1, 10) == [b"first"]
    after = reader(broker.bootstrap, "ledger")
    assert read(after, 50, 10) == before + during, "nothing acknowledged is lost"
    after.close()
    consumer.close()
    wait_until(lambda: "the KMS is reachable again" in broker.log(), timeout=15, what="the broker to log the recovery")


def test_a_key_disabled_in_the_kms_stops_reads_within_seconds(broker_factory, moto_server, tmp_path):
    broker = start_broker(broker_factory, moto_server.endpoint, tmp_path)
    create_topic(broker.bootstrap, "secrets")
    produce(Producer({"bootstrap.servers": broker.bootstrap, "acks": "all"}), "secrets", [b"s0", b"s1"], 15)
    assert read(reader(broker.bootstrap, "secrets"), 2, 15) == [b"s0", b"s1"]

    kms = boto3.client("kms", endpoint_url=moto_server.endpoint, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    key_id = next(a["TargetKeyId"] for a in kms.list_aliases()["Aliases"] if a["AliasName"] == "alias/portcullis-segments")
    kms.disable_key(KeyId=key_id)
    time.sleep(2)  # the broker describes the key every 0.5 s

    # KAFKA_STORAGE_ERROR is retriable, so librdkafka retries quietly: nothing
    # arrives, and the broker's log says why.
    values = read_quietly(reader(broker.bootstrap, "secrets"), 5)
    assert values == [], "records were served two seconds after their key was disabled"
    assert "keyDisabled" in broker.log()


def read_quietly(consumer, seconds):
    values = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message = consumer.poll(0.2)
        if message is not None and not message.error():
            values.append(message.value())
    consumer.close()
    return values
