"""No response the gateway sends carries an upstream host:port, whichever
API it answers. Every response here is searched (upstream_leaks.py says
what a leak looks like in text and in binary) for the upstream's ports:

- one valid request for every API the gateway advertises, as admin over
  SASL_SSL, through `portcullis dev` and through a gateway whose upstream
  reports its listeners in DescribeConfigs as Apache Kafka does (the
  embedded broker reports none; address_reporting_upstream.py);
- DescribeConfigs in every version: broker address configs withheld as
  Kafka withholds a password, everything else as the broker said it;
- what real clients (confluent-kafka, kafka-python) are answered through
  that gateway, read on the way by a relay between them and the gateway.
"""
import struct

import pytest
from confluent_kafka.admin import AdminClient, ConfigResource
from confluent_kafka import Consumer, Producer
from kafka import KafkaAdminClient
from kafka.admin import ConfigResource as PythonConfigResource, ConfigResourceType

import describe_configs_wire as configs
from address_reporting_upstream import AddressReportingUpstream
from api_exchange import ApiExchange, RecordingWire, api_name
from conftest import BrokerProcess
from frame_relay import FrameRelay
from gateway_fixtures import GatewayProcess, create_topic, dev_cluster, free_ports, scram_settings  # noqa: F401
from gateway_wire import KafkaWire
from upstream_leaks import find_upstream_addresses

METADATA, DESCRIBE_CLUSTER = 3, 60
ADMIN_PASSWORD = "scan-admin-passphrase-1"
WITHHELD = ("listeners", "advertised.listeners", "controller.quorum.voters")
KEPT = {"listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", "inter.broker.listener.name": "PLAINTEXT"}


class ReportingGateway:
    """`portcullis broker` ← AddressReportingUpstream ← `portcullis gateway` (SASL_SSL, and SASL_PLAINTEXT
    behind a FrameRelay `tap`). The gateway advertises 127.0.0.2, where the tap listens on the plaintext
    listener's port, so clients that follow Metadata stay behind the tap."""

    def __init__(self, root):
        self.broker = BrokerProcess(root / "broker").start()
        self.upstream = self.gateway = self.tap = None
        try:
            self.upstream = AddressReportingUpstream(self.broker, controller_port=free_ports(1)[0])
            self.gateway = GatewayProcess(root, self.upstream, {"SASL_SSL": "SASL_SSL", "TAPPED": "SASL_PLAINTEXT"},
                                          {"advertised.host": "127.0.0.2"})
            tapped = self.gateway.ports["TAPPED"]
            self.tap = FrameRelay(("127.0.0.1", tapped), listen=("127.0.0.2", tapped))
            self.gateway.start()
            self.gateway.add_scram_user("admin", ADMIN_PASSWORD)
            self.node_id = str(next(iter(AdminClient(self.client_settings()).list_topics(timeout=10).brokers)))
        except BaseException:
            self.stop()
            raise

    def client_settings(self):
        return {**scram_settings(self.tap.port, "admin", ADMIN_PASSWORD), "bootstrap.servers": self.tap.bootstrap}

    def stop(self):
        try:
            for relay in (self.tap, self.upstream):
                if relay:
                    relay.close()
            if self.gateway:
                self.gateway.stop()
        finally:
            self.broker.kill()


@pytest.fixture(scope="module")
def reporting(tmp_path_factory):
    setup = ReportingGateway(tmp_path_factory.mktemp("reporting"))
    yield setup
    setup.stop()
    assert setup.upstream.errors + setup.tap.errors == []


@pytest.fixture(params=["dev", "reporting upstream"])
def target(request):
    """(port, CA, admin password, upstream ports) of a SASL_SSL gateway listener."""
    if request.param == "dev":
        cluster = request.getfixturevalue("dev_cluster")
        return cluster.scram_port, cluster.ca, cluster.admin_password, [cluster.broker_port]
    setup = request.getfixturevalue("reporting")
    return setup.gateway.ports["SASL_SSL"], setup.gateway.ca, ADMIN_PASSWORD, setup.upstream.upstream_ports


def leaks_in(responses, ports):
    return [f"{api_name(api_key)} v{version}: {leak}"
            for api_key, version, frame in responses for leak in find_upstream_addresses(frame, ports)]


def test_every_advertised_api_is_answered_without_an_upstream_address(target):
    port, ca, password, upstream_ports = target
    wire = RecordingWire.connect(port, ca=ca)
    try:
        exchange = ApiExchange(wire)
        exchange.run("admin", password)
    finally:
        wire.close()
    sent = exchange.sent()
    print("sent:", ", ".join(f"{api_name(key)} v{','.join(map(str, sorted(sent[key])))}" for key in sorted(sent)))
    unsent = [api_name(key) for key in sorted(set(exchange.advertised) - set(sent))]
    assert not unsent, f"advertised, but this test sends no request for: {unsent}"
    assert not leaks_in(wire.responses, upstream_ports), "\n".join(leaks_in(wire.responses, upstream_ports))


def test_describe_configs_withholds_broker_addresses_in_every_version(reporting):
    create_topic(reporting.client_settings(), "described")
    gateway = RecordingWire.connect(reporting.gateway.ports["SASL_SSL"], ca=reporting.gateway.ca)
    broker = KafkaWire.connect(reporting.broker.port)
    try:
        gateway.scram_authenticate("admin", ADMIN_PASSWORD, "SCRAM-SHA-512")
        for version in range(0, 5):
            request = configs.describe_configs_request(version, [(configs.BROKER, reporting.node_id), (configs.TOPIC, "described")])
            through = configs.decode_response(gateway.call(configs.DESCRIBE_CONFIGS, version, *request), version)["results"]
            direct = configs.decode_response(broker.call(configs.DESCRIBE_CONFIGS, version, *request), version)["results"]
            assert [r["error_code"] for r in through] == [0, 0], through

            described = {entry["name"]: entry for entry in through[0]["configs"]}
            for name in WITHHELD:
                synonyms = [synonym["value"] for synonym in described[name]["synonyms"]]
                assert described[name]["value"] is None and described[name]["is_sensitive"], described[name]
                assert synonyms == [None] * len(synonyms) and (version == 0 or synonyms), described[name]
            assert {name: described[name]["value"] for name in KEPT} == KEPT
            # What the embedded broker itself describes, and every topic config, passes as it was.
            assert through[0]["configs"][:len(direct[0]["configs"])] == direct[0]["configs"]
            assert through[1] == direct[1]
    finally:
        gateway.close()
        broker.close()
    assert not leaks_in(gateway.responses, reporting.upstream.upstream_ports)


def test_the_search_finds_the_upstreams_own_answers(reporting):
    """Asked directly, the upstream names itself in each encoding the search looks for."""
    upstream = KafkaWire.connect(reporting.upstream.port)
    try:
        answers = {
            "Metadata v1 (binary)": upstream.call(METADATA, 1, struct.pack(">i", -1)),
            "DescribeCluster v0 (binary)": upstream.call(DESCRIBE_CLUSTER, 0, b"\x00\x00", flexible=True),
            "DescribeConfigs v4 (text)": upstream.call(configs.DESCRIBE_CONFIGS, 4, *configs.describe_configs_request(
                4, [(configs.BROKER, reporting.node_id)])),
        }
    finally:
        upstream.close()
    for name, answer in answers.items():
        assert find_upstream_addresses(answer, reporting.upstream.upstream_ports), f"nothing found in {name}"


def test_real_clients_learn_no_upstream_address(reporting):
    settings = reporting.client_settings()
    create_topic(settings, "tapped")
    admin = AdminClient(settings)
    node = reporting.node_id
    described = admin.describe_configs([ConfigResource("broker", node), ConfigResource("topic", "tapped")])
    broker_configs = next(future.result(15) for resource, future in described.items() if resource.name == node)
    assert broker_configs["advertised.listeners"].is_sensitive and broker_configs["advertised.listeners"].value is None
    assert [(n.host, n.port) for n in admin.describe_cluster(request_timeout=10).result(15).nodes] == [
        ("127.0.0.2", reporting.tap.port)]

    producer = Producer(settings)
    for n in range(3):
        producer.produce("tapped", value=f"tapped-{n}".encode())
    assert producer.flush(15) == 0
    consumer = Consumer({**settings, "group.id": "tapped-readers", "auto.offset.reset": "earliest"})
    consumer.subscribe(["tapped"])
    values = set()
    for _ in range(60):
        message = consumer.poll(0.5)
        if message is not None and message.error() is None:
            values.add(message.value().decode())
        if len(values) == 3:
            break
    consumer.close()
    assert values == {f"tapped-{n}" for n in range(3)}

    python_admin = KafkaAdminClient(bootstrap_servers=reporting.tap.bootstrap, security_protocol="SASL_PLAINTEXT",
                                    sasl_mechanism="SCRAM-SHA-512", sasl_plain_username="admin",
                                    sasl_plain_password=ADMIN_PASSWORD)
    try:
        answer = python_admin.describe_configs([PythonConfigResource(ConfigResourceType.BROKER, node)])
    finally:
        python_admin.close()
    entries = {entry[0]: entry for response in answer for resource in response.resources for entry in resource[4]}
    assert entries["advertised.listeners"][1] is None

    answered = sorted({api_name(api_key) for api_key, _, _ in reporting.tap.responses})
    print("the clients were answered:", ", ".join(answered))
    assert "DescribeConfigs" in answered and "Metadata" in answered
    assert not leaks_in(reporting.tap.responses, reporting.upstream.upstream_ports), \
        "\n".join(leaks_in(reporting.tap.responses, reporting.upstream.upstream_ports))
