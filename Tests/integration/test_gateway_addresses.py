"""No upstream address reaches a client: with the broker tier on its own
port, what clients learn from Metadata, FindCoordinator and DescribeCluster
through `portcullis dev`'s gateway (kcat -L, confluent-kafka's AdminClient
and a group consumer's coordinator, kafka-python's KafkaAdminClient and
consumer, and the raw response bytes of several versions) names only the
gateway's own host and port."""
import json
import ssl
import struct
import subprocess
import time

from confluent_kafka import Consumer
from confluent_kafka.admin import AdminClient
from kafka import KafkaAdminClient, KafkaConsumer

from gateway_fixtures import create_topic, dev_cluster, write_properties  # noqa: F401
from gateway_wire import KafkaWire, compact_string, kafka_string

METADATA, FIND_COORDINATOR, DESCRIBE_CLUSTER = 3, 10, 60


def assert_no_upstream(text, cluster):
    assert str(cluster.broker_port) not in text, f"the broker tier's port {cluster.broker_port} leaked:\n{text}"
    assert "127.0.0.1" not in text, f"an upstream host leaked:\n{text}"


def test_kcat_metadata_names_only_the_gateway(dev_cluster, tmp_path):
    create_topic(dev_cluster.mtls(), "addresses")
    properties = write_properties(tmp_path / "mtls.properties", dev_cluster.mtls())
    listing = subprocess.run(["kcat", "-F", str(properties), "-L", "-m", "10"], capture_output=True, text=True, timeout=20)
    assert listing.returncode == 0, listing.stderr
    assert f"broker 1 at localhost:{dev_cluster.mtls_port}" in listing.stdout, listing.stdout
    assert 'topic "addresses"' in listing.stdout
    assert_no_upstream(listing.stdout, dev_cluster)


def test_confluent_admin_and_group_coordinator_name_only_the_gateway(dev_cluster):
    settings = dev_cluster.scram()
    gateway = f"localhost:{dev_cluster.scram_port}"
    create_topic(settings, "coordinated")
    admin = AdminClient(settings)
    brokers = admin.list_topics(timeout=10).brokers
    assert [(b.host, b.port) for b in brokers.values()] == [("localhost", dev_cluster.scram_port)]
    cluster = admin.describe_cluster(request_timeout=10).result(15)
    assert [(n.host, n.port) for n in cluster.nodes] == [("localhost", dev_cluster.scram_port)]

    # librdkafka's statistics name every broker it talks to, the group coordinator included.
    statistics = []
    consumer = Consumer({**settings, "group.id": "address-check", "statistics.interval.ms": 200,
                         "stats_cb": lambda text: statistics.append(json.loads(text))})
    try:
        consumer.subscribe(["coordinated"])
        deadline = time.monotonic() + 20
        while not consumer.assignment() and time.monotonic() < deadline:
            consumer.poll(0.2)
        assert consumer.assignment(), "the consumer never joined its group"
        for _ in range(3):
            consumer.poll(0.2)
    finally:
        consumer.close()
    named = {broker["nodename"] for report in statistics for broker in report["brokers"].values() if broker["nodename"]}
    coordinators = {broker["nodename"] for report in statistics for broker in report["brokers"].values()
                    if broker["source"] == "logical" and broker["name"] == "GroupCoordinator" and broker["nodename"]}
    assert coordinators == {gateway}, statistics[-1]["brokers"]
    assert named == {gateway}


def test_kafka_python_cluster_and_coordinator_name_only_the_gateway(dev_cluster):
    settings = {
        "bootstrap_servers": f"localhost:{dev_cluster.scram_port}", "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512", "sasl_plain_username": "admin",
        "sasl_plain_password": dev_cluster.admin_password,
        "ssl_context": ssl.create_default_context(cafile=str(dev_cluster.ca)),
    }
    create_topic(dev_cluster.scram(), "python-coordinated")
    admin = KafkaAdminClient(**settings)
    try:
        described = admin.describe_cluster()
    finally:
        admin.close()
    assert [(b["host"], b["port"]) for b in described["brokers"]] == [("localhost", dev_cluster.scram_port)]

    consumer = KafkaConsumer("python-coordinated", group_id="python-address-check", **settings)
    try:
        deadline = time.monotonic() + 20
        while not consumer.assignment() and time.monotonic() < deadline:
            consumer.poll(200)
        assert consumer.assignment(), "the consumer never joined its group"
        cluster = consumer._client.cluster  # kafka-python keeps the FindCoordinator answer here
        coordinator = cluster.broker_metadata(cluster.coordinator_for_group("python-address-check"))
        brokers = cluster.brokers()
    finally:
        consumer.close()
    assert (coordinator.host, coordinator.port) == ("localhost", dev_cluster.scram_port)
    assert {(b.host, b.port) for b in brokers} == {("localhost", dev_cluster.scram_port)}


def test_raw_responses_carry_no_upstream_address(dev_cluster):
    """Metadata v1 and v12, FindCoordinator v1 and v4 and DescribeCluster v0 as bytes:
    the gateway's port is in each, the broker tier's port and host in none."""
    requests = [
        (METADATA, 1, struct.pack(">i", -1), False),
        (METADATA, 12, b"\x00\x01\x00\x00", True),  # every topic, auto-create, no authorized ops, no tags
        (FIND_COORDINATOR, 1, kafka_string("raw-group") + b"\x00", False),
        (FIND_COORDINATOR, 4, b"\x00\x02" + compact_string("raw-group") + b"\x00", True),
        (DESCRIBE_CLUSTER, 0, b"\x00\x00", True),
    ]
    client = KafkaWire.connect(dev_cluster.scram_port, ca=dev_cluster.ca)
    try:
        client.scram_authenticate("admin", dev_cluster.admin_password, "SCRAM-SHA-512")
        for api_key, version, body, flexible in requests:
            response = client.call(api_key, version, body, flexible)
            assert struct.pack(">i", dev_cluster.scram_port) in response, f"API {api_key} v{version} names no gateway port"
            assert b"localhost" in response
            assert struct.pack(">i", dev_cluster.broker_port) not in response, f"API {api_key} v{version} leaked the port"
            assert b"127.0.0.1" not in response, f"API {api_key} v{version} leaked the host"
    finally:
        client.close()
