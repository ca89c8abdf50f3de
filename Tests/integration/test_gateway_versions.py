"""Old and new clients negotiate versions through a `portcullis gateway`:
the gateway advertises only what both it and the upstream serve; kafka-python
(default, and pinned to 0.11 with SaslHandshake v0's raw SCRAM tokens),
aiokafka, confluent-kafka and kcat (librdkafka 2.0.2) produce and consume
over SASL_PLAINTEXT or SASL_SSL; and kafka-python pinned to 0.10.1, whose
Produce v2 the upstream cannot take, is refused with UNSUPPORTED_VERSION."""
import asyncio
import ssl
import struct
import time

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import UnsupportedVersionError

from gateway_fixtures import client_only, create_topic, gateway, run_kcat, write_properties  # noqa: F401
from gateway_wire import KafkaWire
from helpers import consume, produce

PASSWORD = "versions-secret"
API_VERSIONS, PRODUCE, FETCH, DESCRIBE_ACLS, DESCRIBE_LOG_DIRS = 18, 0, 1, 29, 35
# SaslHandshake, ApiVersions, SaslAuthenticate, and the ACL, SCRAM credential and client quota APIs it answers
# from its policy store (DescribeAcls, CreateAcls, DeleteAcls, DescribeUserScramCredentials,
# AlterUserScramCredentials, DescribeClientQuotas, AlterClientQuotas).
LOCAL_APIS = {17, 18, 36, 29, 30, 31, 50, 51, 48, 49}
DESCRIBE_CLIENT_QUOTAS, ALTER_CLIENT_QUOTAS = 48, 49


@pytest.fixture(scope="module")
def user(gateway):
    gateway.add_scram_user("versions", PASSWORD)
    return "versions"


def api_versions(port):
    """ApiVersions v0 from a plaintext port: {api key: (min, max)}."""
    client = KafkaWire.connect(port)
    try:
        body = client.call(API_VERSIONS, 0)
    finally:
        client.close()
    error, count = struct.unpack(">hi", body[:6])
    assert error == 0
    entries = (struct.unpack(">hhh", body[6 + 6 * i:12 + 6 * i]) for i in range(count))
    return {key: (low, high) for key, low, high in entries}


def test_advertised_versions_are_what_gateway_and_upstream_both_serve(gateway):
    advertised = api_versions(gateway.ports["SASL_PLAINTEXT"])
    upstream = api_versions(gateway.broker.port)
    assert LOCAL_APIS <= advertised.keys()
    for key, (low, high) in advertised.items():
        if key not in LOCAL_APIS:
            assert key in upstream and upstream[key][0] <= low <= high <= upstream[key][1], f"API {key}"
    # Produce v10+ and Fetch v16+ name upstream leaders (KIP-951): the gateway stops below them.
    assert advertised[PRODUCE] == (max(3, upstream[PRODUCE][0]), 9)
    assert advertised[FETCH] == (max(4, upstream[FETCH][0]), 15)
    # Answered by the gateway from its policy store, whatever the upstream serves: every version the codec has.
    assert advertised[DESCRIBE_ACLS] == (0, 3)
    assert advertised[DESCRIBE_CLIENT_QUOTAS] == advertised[ALTER_CLIENT_QUOTAS] == (0, 1)
    # Never forwarded: the upstream's own internals.
    assert DESCRIBE_LOG_DIRS not in advertised


def kafka_python_settings(gateway, **extra):
    return {
        "bootstrap_servers": f"localhost:{gateway.ports['SASL_PLAINTEXT']}", "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-256", "sasl_plain_username": "versions", "sasl_plain_password": PASSWORD, **extra,
    }


@pytest.mark.parametrize("api_version", [None, (0, 11)], ids=["negotiated", "0.11"])
def test_kafka_python_produces_and_consumes(gateway, user, api_version):
    settings = kafka_python_settings(gateway, **({"api_version": api_version} if api_version else {}))
    topic = f"kafka-python-{'negotiated' if api_version is None else 'pinned'}"
    create_topic(gateway.scram("SASL_PLAINTEXT", user, PASSWORD), topic)
    values = [f"{topic}-{i:02d}".encode() for i in range(20)]
    producer = KafkaProducer(acks="all", **settings)
    try:
        for value in values:
            producer.send(topic, value, partition=0)
        producer.flush(15)
    finally:
        producer.close()
    consumer = KafkaConsumer(auto_offset_reset="earliest", **settings)
    received = []
    try:
        consumer.assign([TopicPartition(topic, 0)])
        deadline = time.monotonic() + 15
        while len(received) < len(values) and time.monotonic() < deadline:
            for records in consumer.poll(200).values():
                received += [record.value for record in records]
    finally:
        consumer.close()
    assert received == values


def test_kafka_python_0_10_1_is_refused_produce_v2_with_unsupported_version(gateway, user):
    create_topic(gateway.scram("SASL_PLAINTEXT", user, PASSWORD), "too-old")
    # A short delivery timeout ends a record that is never answered, so the producer can close.
    producer = KafkaProducer(**kafka_python_settings(gateway, api_version=(0, 10, 1), retries=0,
                                                     request_timeout_ms=3000, delivery_timeout_ms=4000))
    try:
        assert producer.partitions_for("too-old") == {0}  # SaslHandshake v0 and Metadata worked
        with pytest.raises(UnsupportedVersionError):
            producer.send("too-old", b"message format v1").get(timeout=10)
    finally:
        producer.close(timeout=5)


def test_aiokafka_produces_and_consumes_over_sasl_ssl(gateway, user):
    create_topic(gateway.scram("SASL_SSL", user, PASSWORD), "aiokafka")
    values = [f"aiokafka-{i:02d}".encode() for i in range(20)]

    async def round_trip():
        settings = dict(
            bootstrap_servers=f"localhost:{gateway.ports['SASL_SSL']}", security_protocol="SASL_SSL",
            sasl_mechanism="SCRAM-SHA-512", sasl_plain_username=user, sasl_plain_password=PASSWORD,
            ssl_context=ssl.create_default_context(cafile=str(gateway.ca)),
        )
        producer = AIOKafkaProducer(acks="all", **settings)
        await producer.start()
        try:
            for value in values:
                await producer.send_and_wait("aiokafka", value, partition=0)
        finally:
            await producer.stop()
        consumer = AIOKafkaConsumer("aiokafka", auto_offset_reset="earliest", **settings)
        await consumer.start()
        received = []
        try:
            while len(received) < len(values):
                for records in (await consumer.getmany(timeout_ms=500)).values():
                    received += [record.value for record in records]
        finally:
            await consumer.stop()
        return received

    assert asyncio.run(asyncio.wait_for(round_trip(), 30)) == values


def test_confluent_kafka_produces_and_consumes_over_sasl_plaintext(gateway, user):
    settings = gateway.scram("SASL_PLAINTEXT", user, PASSWORD, "SCRAM-SHA-256")
    create_topic(settings, "confluent-plaintext")
    records = [(0, f"confluent-{i:02d}".encode()) for i in range(20)]
    produce(settings["bootstrap.servers"], "confluent-plaintext", records, **client_only(settings))
    received = consume(settings["bootstrap.servers"], "confluent-plaintext", len(records), **client_only(settings))
    assert [m.value() for m in received] == [value for _, value in records]


def test_kcat_produces_and_consumes_over_sasl_ssl(gateway, user, tmp_path):
    settings = gateway.scram("SASL_SSL", user, PASSWORD, "SCRAM-SHA-256")
    properties = write_properties(tmp_path / "kcat.properties", settings)
    create_topic(settings, "kcat-sasl-ssl")
    values = [f"kcat-{i:02d}" for i in range(20)]
    produced = run_kcat("-F", properties, "-P", "-t", "kcat-sasl-ssl", "-p", "0", "-X", "message.timeout.ms=10000",
                        stdin="\n".join(values) + "\n")
    assert produced.returncode == 0, produced.stderr
    consumed = run_kcat("-F", properties, "-C", "-t", "kcat-sasl-ssl", "-o", "beginning", "-e", "-f", "%s\\n")
    assert consumed.returncode == 0, consumed.stderr
    assert consumed.stdout.splitlines() == values
