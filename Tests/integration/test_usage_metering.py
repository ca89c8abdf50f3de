"""Usage metering through `portcullis dev`, read back with `authctl usage`:
the records and bytes a real producer sends to a topic, and a consumer
fetches, land in the usage journal under its principal exactly as the
gateway's metrics count them; the broker's storage gives the topic
partition-hours and storage byte-hours; and a kill -9 loses at most the
last unflushed seconds and never counts anything twice (a restart on the
same data directory continues the journal)."""
import json
import signal
import subprocess
import time
import urllib.request

from confluent_kafka import Consumer, KafkaException, Producer
from prometheus_client.parser import text_string_to_metric_families

from gateway_fixtures import AUTHCTL, DevCluster, create_topic

FLUSH_WAIT = 12  # the recorder writes its journal every 10 s


def produce(cluster, topic, count):
    producer = Producer({**cluster.scram(), "linger.ms": 10})
    for n in range(count):
        producer.produce(topic, f"usage-{n}".encode())
    assert producer.flush(30) == 0


def consume_all(cluster, topic, count):
    consumer = Consumer({**cluster.scram(), "group.id": f"usage-{time.monotonic_ns()}", "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    read = 0
    try:
        while read < count:
            message = consumer.poll(10)
            assert message is not None, f"{read} of {count} read"
            if message.error():
                raise KafkaException(message.error())
            read += 1
    finally:
        consumer.close()


def counter(cluster, name, topic):
    with urllib.request.urlopen(f"http://127.0.0.1:{cluster.metrics_port}/metrics", timeout=10) as answer:
        text = answer.read().decode()
    return sum(sample.value for family in text_string_to_metric_families(text) for sample in family.samples
               if sample.name == name and sample.labels.get("topic") == topic)


def usage_rows(data_dir, *args):
    result = subprocess.run([str(AUTHCTL), "usage", "--data-dir", str(data_dir), "--since", "now-1h",
                             "--output", "json", *args], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_traffic_and_storage_are_metered_and_a_crash_counts_nothing_twice(tmp_path):
    cluster = DevCluster(tmp_path).start()
    try:
        create_topic(cluster.scram(), "billed")
        produce(cluster, "billed", 500)
        consume_all(cluster, "billed", 500)
        bytes_in = counter(cluster, "portcullis_topic_bytes_in_total", "billed")
        bytes_out = counter(cluster, "portcullis_topic_bytes_out_total", "billed")
        assert bytes_in > 0 and bytes_out > 0
        time.sleep(FLUSH_WAIT)
        cluster.process.send_signal(signal.SIGKILL)
        cluster.process.wait(timeout=10)

        traffic = [row for row in usage_rows(cluster.data_dir, "--topic", "billed") if row["principal"]]
        assert traffic == [{"principal": "User:admin", "topic": "billed", "bytes_in": bytes_in, "bytes_out": bytes_out,
                            "messages_in": 500, "partition_hours": 0, "storage_byte_hours": 0}], traffic

        cluster.start()  # the same data directory: the journal continues
        produce(cluster, "billed", 200)
        more_in = counter(cluster, "portcullis_topic_bytes_in_total", "billed")
    finally:
        cluster.stop()  # SIGTERM: the recorder flushes what it holds

    rows = usage_rows(cluster.data_dir, "--topic", "billed")
    traffic = [row for row in rows if row["principal"]]
    assert [(row["messages_in"], row["bytes_in"]) for row in traffic] == [(700, bytes_in + more_in)], traffic
    storage = [row for row in rows if row["principal"] is None]
    assert len(storage) == 1 and storage[0]["partition_hours"] > 0 and storage[0]["storage_byte_hours"] > 0, storage
    assert usage_rows(cluster.data_dir, "--principal", "User:nobody") == []
