"""Client quotas and connection limits through `portcullis gateway` with real
clients: a confluent-kafka producer limited to 500 KB/s takes at least the
time the quota allows for 3 MB and sees throttling in its statistics, an
unthrottled one sees none; a consumer limited by consumer_byte_rate likewise;
nothing is lost either way. Connections over max.connections.per.ip are
closed at accept, and a principal over max.connections.per.principal is
refused at authentication with a message saying so; both are counted and
logged.

The gateway measures quotas over 2 windows of 1 s (`quota.window.num=2`):
with Kafka's default of 11, a new client may burst 10 s worth (5 MB at
500 KB/s) before any throttling, which would hide a 3 MB test entirely.
With 2 windows a client may send one window's worth (500 KB) before its
first wait, and, as in Kafka, a request's wait comes after it, so the last
request is not waited for: 3 MB in 64 KB requests takes about
(3 MB - 500 KB - 64 KB) / 500 KB/s = 4.9 s (measured 4.9 s). The test
asks for at least 4 s, allowing one more window's worth for where the
windows happen to start and end (6 s would be the rate with no allowance)."""
import json
import socket
import time
import urllib.request

import pytest
from confluent_kafka import Consumer, Producer
from prometheus_client.parser import text_string_to_metric_families

from gateway_fixtures import authctl, create_topic, free_ports, start_gateway, stop_gateway
from gateway_wire import KafkaWire

API_VERSIONS = 18
RATE = 500 * 1000
TOTAL = 3 * 1000 * 1000
RECORD = 10 * 1000
TOPIC = "quota-metered"
REQUEST = 64 * 1024
# The least time 3 MB may take at 500 KB/s (see above).
LEAST = (TOTAL - 2 * RATE) / RATE
PASSWORD = "quota-password-1"


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    metrics_port = free_ports(1)[0]
    started = start_gateway(tmp_path_factory.mktemp("quotas"), listeners={"SASL_PLAINTEXT": "SASL_PLAINTEXT"}, settings={
        "quota.window.num": "2",
        "quota.window.size.seconds": "1",
        "max.connections.per.ip.overrides": "127.0.0.3:3",
        "max.connections.per.principal": "2",
        "metrics.listen": f"127.0.0.1:{metrics_port}",
        "metrics.level": "topic",
    })
    started.metrics_port = metrics_port
    for user in ("limited", "free", "reader", "crowd"):
        started.add_scram_user(user, PASSWORD)
    authctl(started.data_dir, "quota", "set", "--user", "limited", "--producer-byte-rate", str(RATE))
    authctl(started.data_dir, "quota", "set", "--user", "reader", "--consumer-byte-rate", str(RATE))
    time.sleep(0.5)
    create_topic(started.scram("SASL_PLAINTEXT", "free", PASSWORD), TOPIC)
    yield started
    stop_gateway(started)


def throttle_times(stats):
    """The largest broker throttle time (ms) in one librdkafka statistics report."""
    report = json.loads(stats)
    return max((broker.get("throttle", {}).get("max", 0) for broker in report["brokers"].values()), default=0)


def produce(gateway, user):
    """Produces TOTAL bytes as `user`; returns (seconds, records acknowledged, largest throttle seen)."""
    seen = []
    producer = Producer({**gateway.scram("SASL_PLAINTEXT", user, PASSWORD), "statistics.interval.ms": 200,
                         "stats_cb": lambda stats: seen.append(throttle_times(stats)), "linger.ms": 5,
                         "batch.size": REQUEST})
    delivered = []
    value = b"q" * RECORD
    start = time.monotonic()
    for _ in range(TOTAL // RECORD):
        while True:
            try:
                producer.produce(TOPIC, value, on_delivery=lambda error, _: delivered.append(error))
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0)
    assert producer.flush(60) == 0
    elapsed = time.monotonic() - start
    time.sleep(0.5)
    producer.poll(0.3)
    assert all(error is None for error in delivered), [e for e in delivered if e][:3]
    return elapsed, len(delivered), max(seen, default=0)


def scrape(gateway):
    with urllib.request.urlopen(f"http://127.0.0.1:{gateway.metrics_port}/metrics", timeout=10) as answer:
        text = answer.read().decode()
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def test_a_limited_producer_takes_the_time_its_quota_allows_and_sees_throttling(gateway):
    elapsed, acknowledged, throttle = produce(gateway, "limited")
    print(f"limited producer: 3 MB in {elapsed:.2f} s (at least {LEAST:.2f}), largest throttle {throttle} ms")
    assert acknowledged == TOTAL // RECORD
    assert elapsed >= LEAST, f"3 MB in {elapsed:.2f}s, over 500 KB/s"
    assert throttle > 0, "librdkafka saw no throttle time"
    samples = scrape(gateway)
    seconds = samples.get(("portcullis_throttle_time_seconds_total",
                           frozenset({"principal": "User:limited", "quota": "producer_byte_rate"}.items())), 0)
    assert seconds > 1, f"throttle time counted: {seconds}"


def test_an_unthrottled_producer_is_not_held_back(gateway):
    elapsed, acknowledged, throttle = produce(gateway, "free")
    print(f"unlimited producer: 3 MB in {elapsed:.2f} s")
    assert acknowledged == TOTAL // RECORD
    assert throttle == 0
    assert elapsed < LEAST, f"an unlimited producer took {elapsed:.2f}s"


def test_a_limited_consumer_takes_the_time_its_quota_allows(gateway):
    seen = []
    consumer = Consumer({**gateway.scram("SASL_PLAINTEXT", "reader", PASSWORD), "group.id": "quota-reader",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False,
                         "fetch.max.bytes": REQUEST, "message.max.bytes": REQUEST, "max.partition.fetch.bytes": REQUEST,
                         "statistics.interval.ms": 200, "stats_cb": lambda stats: seen.append(throttle_times(stats))})
    consumer.subscribe([TOPIC])
    wanted = TOTAL  # the first producer's 3 MB; more is there, from the second
    received = 0
    start = None
    deadline = time.monotonic() + 60
    try:
        while received < wanted and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None or message.error():
                assert message is None, message.error()
                continue
            start = start or time.monotonic()
            received += len(message.value())
        elapsed = time.monotonic() - start
        consumer.poll(0.5)
    finally:
        consumer.close()
    assert received >= wanted, f"{received} bytes in 60 s"
    print(f"limited consumer: 3 MB in {elapsed:.2f} s (at least {LEAST:.2f}), largest throttle {max(seen, default=0)} ms")
    assert elapsed >= LEAST, f"3 MB fetched in {elapsed:.2f}s, over 500 KB/s"
    assert max(seen, default=0) > 0, "librdkafka saw no throttle time"


def test_connections_over_the_address_limit_are_closed_at_accept(gateway):
    port = gateway.ports["SASL_PLAINTEXT"]
    mark = gateway.log.mark()
    held = []
    try:
        for _ in range(3):
            connection = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.3", 0), timeout=5)
            held.append(connection)
        time.sleep(0.2)
        refused = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.3", 0), timeout=5)
        assert refused.recv(1) == b"", "the fourth connection from 127.0.0.3 was not closed"
        refused.close()
        other = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.4", 0), timeout=5)
        other.settimeout(0.5)
        with pytest.raises(socket.timeout):
            other.recv(1)  # open: the limit is per address
        other.close()
        for connection in held:
            assert connection.fileno() >= 0
    finally:
        for connection in held:
            connection.close()
    gateway.log.wait_for("connection refused: the client's address has max.connections.per.ip open", since=mark)
    samples = scrape(gateway)
    assert samples[("portcullis_connections_refused_total",
                    frozenset({"listener": "SASL_PLAINTEXT", "reason": "max-connections-per-ip"}.items()))] >= 1
    # Once they close, the address may connect again.
    time.sleep(0.3)
    again = socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.3", 0), timeout=5)
    again.settimeout(0.5)
    with pytest.raises(socket.timeout):
        again.recv(1)
    again.close()


def test_a_principal_over_its_connection_limit_is_refused_with_a_clear_error(gateway):
    port = gateway.ports["SASL_PLAINTEXT"]
    held = []
    try:
        for _ in range(2):
            wire = KafkaWire.connect(port)
            wire.call(API_VERSIONS, 2)
            wire.scram_authenticate("crowd", PASSWORD, "SCRAM-SHA-512")
            held.append(wire)
        mark = gateway.log.mark()
        errors = []
        producer = Producer({**gateway.scram("SASL_PLAINTEXT", "crowd", PASSWORD), "error_cb": errors.append})
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not any("max.connections.per.principal" in str(e) for e in errors):
            producer.poll(0.2)
        assert any("max.connections.per.principal" in str(e) for e in errors), errors
        gateway.log.wait_for("max.connections.per.principal", since=mark)
        samples = scrape(gateway)
        assert samples[("portcullis_connections_refused_total",
                        frozenset({"listener": "SASL_PLAINTEXT", "reason": "max-connections-per-principal"}.items()))] >= 1
    finally:
        for wire in held:
            wire.close()
    # With those closed, the principal may connect again.
    time.sleep(0.3)
    again = KafkaWire.connect(port)
    again.call(API_VERSIONS, 2)
    again.scram_authenticate("crowd", PASSWORD, "SCRAM-SHA-512")
    again.close()
