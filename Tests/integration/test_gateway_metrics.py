"""`/metrics` of `portcullis dev` (level topic) after real traffic, parsed with
prometheus_client's text parser: the traffic counters move by exactly the
record-batch bytes and records sent (raw Produce and Fetch requests with
batches of known size, and confluent-kafka's records), authentications,
authorization decisions, connections and request durations count what
happened, the broker tier and the process report, /healthz and /readyz
answer, and the service log is JSON lines throughout (`--log-format json`)."""
import json
import socket
import urllib.error
import urllib.request

import pytest
from confluent_kafka import Consumer, KafkaException, Producer
from kafka.protocol import fetch, produce
from kafka.record.memory_records import MemoryRecordsBuilder
from prometheus_client.parser import text_string_to_metric_families

from gateway_fixtures import DevCluster, add_scram_user, create_topic
from gateway_wire import KafkaWire
from helpers import wait_until

API_VERSIONS = 18
TOPIC = "metered"
SCRAM = {"listener": "SASL_SSL", "mechanism": "SCRAM-SHA-512"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    started = DevCluster(tmp_path_factory.mktemp("metrics"), args=["--log-format", "json"]).start()
    create_topic(started.scram(), TOPIC)
    yield started
    started.stop()


def get(cluster, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{cluster.metrics_port}{path}", timeout=10) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def scrape(cluster):
    """Every sample: (name, {labels}) -> value."""
    status, text = get(cluster, "/metrics")
    assert status == 200
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0.0)


def authenticated_wire(cluster, user="admin", password=None):
    wire = KafkaWire.connect(cluster.scram_port, ca=cluster.ca)
    wire.call(API_VERSIONS, 2)
    wire.scram_authenticate(user, password or cluster.admin_password, "SCRAM-SHA-512")
    return wire


def batch(records, size):
    builder = MemoryRecordsBuilder(magic=2, compression_type=0, batch_size=1 << 20)
    for n in range(records):
        builder.append(timestamp=None, key=None, value=bytes([n % 251]) * size)
    builder.close()
    return bytes(builder.buffer())


def test_produce_and_fetch_move_the_traffic_counters_by_exactly_the_batches(cluster):
    batches = [batch(3, 100), batch(7, 1000), batch(1, 5)]
    wire = authenticated_wire(cluster)
    try:
        before = scrape(cluster)
        for records in batches:
            request = produce.ProduceRequest[8](None, -1, 15000, [(TOPIC, [(0, records)])])
            answer = request.RESPONSE_TYPE.decode(wire.call(0, 8, request.encode())).to_object()
            assert answer["topics"][0]["partitions"][0]["error_code"] == 0, answer
        middle = scrape(cluster)
        request = fetch.FetchRequest[11](-1, 100, 1, 1 << 20, 0, 0, -1, [(TOPIC, [(0, -1, 0, -1, 1 << 20)])], [], "")
        fetched = request.RESPONSE_TYPE.decode(wire.call(1, 11, request.encode())).to_object()
        records_out = fetched["topics"][0]["partitions"][0]["records"]
        after = scrape(cluster)
    finally:
        wire.close()
    sent = sum(len(records) for records in batches)
    assert value(middle, "portcullis_topic_bytes_in_total", topic=TOPIC) - \
        value(before, "portcullis_topic_bytes_in_total", topic=TOPIC) == sent
    assert value(middle, "portcullis_topic_messages_in_total", topic=TOPIC) - \
        value(before, "portcullis_topic_messages_in_total", topic=TOPIC) == 11
    assert value(middle, "portcullis_principal_bytes_in_total", principal="User:admin") - \
        value(before, "portcullis_principal_bytes_in_total", principal="User:admin") == sent
    assert records_out and len(records_out) >= sent  # everything produced so far, at least these batches
    assert value(after, "portcullis_topic_bytes_out_total", topic=TOPIC) - \
        value(middle, "portcullis_topic_bytes_out_total", topic=TOPIC) == len(records_out)
    assert value(after, "portcullis_principal_bytes_out_total", principal="User:admin") - \
        value(middle, "portcullis_principal_bytes_out_total", principal="User:admin") == len(records_out)
    produced = value(middle, "portcullis_request_duration_seconds_count", api="Produce") - \
        value(before, "portcullis_request_duration_seconds_count", api="Produce")
    assert produced == 3


def test_a_real_producer_counts_every_record_it_sent(cluster):
    before = scrape(cluster)
    producer = Producer({**cluster.scram(), "linger.ms": 20})
    for n in range(1000):
        producer.produce(TOPIC, f"record-{n}".encode())
    assert producer.flush(30) == 0
    after = scrape(cluster)
    assert value(after, "portcullis_topic_messages_in_total", topic=TOPIC) - \
        value(before, "portcullis_topic_messages_in_total", topic=TOPIC) == 1000
    assert value(after, "portcullis_topic_bytes_in_total", topic=TOPIC) > value(before, "portcullis_topic_bytes_in_total", topic=TOPIC)

    consumer = Consumer({**cluster.scram(), "group.id": "metered-reader", "auto.offset.reset": "earliest"})
    consumer.subscribe([TOPIC])
    read = 0
    try:
        while read < 1000:
            message = consumer.poll(10)
            assert message is not None, f"only {read} records read"
            if message.error():
                raise KafkaException(message.error())
            read += message.value().startswith(b"record-")
    finally:
        consumer.close()
    final = scrape(cluster)
    assert value(final, "portcullis_topic_bytes_out_total", topic=TOPIC) - value(after, "portcullis_topic_bytes_out_total", topic=TOPIC) >= \
        value(after, "portcullis_topic_bytes_in_total", topic=TOPIC) - value(before, "portcullis_topic_bytes_in_total", topic=TOPIC)


def test_authentications_count_successes_and_failures(cluster, tmp_path):
    before = scrape(cluster)
    authenticated_wire(cluster).close()
    wrong = KafkaWire.connect(cluster.scram_port, ca=cluster.ca)
    try:
        with pytest.raises(Exception):
            wrong.scram_authenticate("admin", "not the password", "SCRAM-SHA-512")
    finally:
        wrong.close()
    after = scrape(cluster)
    for result in ("success", "failure"):
        assert value(after, "portcullis_authentications_total", **SCRAM, result=result) - \
            value(before, "portcullis_authentications_total", **SCRAM, result=result) == 1, result


def test_a_denied_request_is_counted(cluster):
    add_scram_user(cluster.data_dir, "no-acls", "no-acls-password")
    wait_until(lambda: try_authenticate(cluster, "no-acls", "no-acls-password"), timeout=5, what="the new user")
    wire = authenticated_wire(cluster, "no-acls", "no-acls-password")
    try:
        before = scrape(cluster)
        request = produce.ProduceRequest[8](None, -1, 15000, [(TOPIC, [(0, batch(1, 10))])])
        answer = request.RESPONSE_TYPE.decode(wire.call(0, 8, request.encode())).to_object()
        assert answer["topics"][0]["partitions"][0]["error_code"] == 29, answer  # TOPIC_AUTHORIZATION_FAILED
        after = scrape(cluster)
    finally:
        wire.close()
    assert value(after, "portcullis_authorization_decisions_total", api="Produce", decision="deny") - \
        value(before, "portcullis_authorization_decisions_total", api="Produce", decision="deny") == 1
    assert value(after, "portcullis_topic_bytes_in_total", topic=TOPIC) == value(before, "portcullis_topic_bytes_in_total", topic=TOPIC), \
        "a refused batch is not traffic"


def try_authenticate(cluster, user, password):
    try:
        authenticated_wire(cluster, user, password).close()
        return True
    except Exception:  # noqa: BLE001 (not there yet)
        return False


def test_open_connections_are_a_gauge(cluster):
    before = value(scrape(cluster), "portcullis_connections", listener="SASL_SSL")
    sockets = [socket.create_connection(("127.0.0.1", cluster.scram_port)) for _ in range(5)]
    try:
        wait_until(lambda: value(scrape(cluster), "portcullis_connections", listener="SASL_SSL") - before == 5,
                   timeout=5, what="the gauge to count 5 more")
    finally:
        for sock in sockets:
            sock.close()
    wait_until(lambda: value(scrape(cluster), "portcullis_connections", listener="SASL_SSL") == before,
               timeout=5, what="the gauge to come back down")


def test_broker_tier_process_and_health(cluster):
    producer = Producer(cluster.scram())
    producer.produce(TOPIC, b"sized")
    assert producer.flush(15) == 0
    samples = scrape(cluster)
    assert value(samples, "portcullis_broker_log_size_bytes", topic=TOPIC) > 0
    assert value(samples, "portcullis_broker_partitions") >= 1
    assert value(samples, "portcullis_kms_requests_total", operation="GenerateDataKey", result="success") >= 1
    for name in ("process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds",
                 "process_start_time_seconds"):
        assert value(samples, name) > 0, name
    assert get(cluster, "/healthz") == (200, "ok\n")
    assert get(cluster, "/readyz") == (200, "ready\n")
    assert get(cluster, "/nothing")[0] == 404


def test_the_service_log_is_json_lines(cluster):
    authenticated_wire(cluster).close()
    wait_until(lambda: '"message":"authenticated"' in cluster.log.text(), timeout=5, what="the authentication's log line")
    lines = [line for line in cluster.log.text().splitlines() if line.strip()]
    assert len(lines) > 5
    for line in lines:
        event = json.loads(line)
        assert {"time", "level", "logger", "message"} <= event.keys(), line
    assert any(json.loads(line)["message"] == "authenticated" for line in lines)
