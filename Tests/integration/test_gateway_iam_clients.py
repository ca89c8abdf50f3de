"""`portcullis dev`'s IAM listener with the clients MSK users run: confluent-kafka
with an `oauth_cb` from AWS's signer package (OAUTHBEARER) and kafka-python's
AWS_MSK_IAM, both reading the admin's access key from the credentials file the
dev cluster writes, each producing then consuming its records."""
import os
import time
import uuid

import pytest
from aws_msk_iam_sasl_signer import MSKAuthTokenProvider
from confluent_kafka import Consumer, Producer
from kafka import KafkaConsumer, KafkaProducer

from gateway_fixtures import IAM_REGION, dev_cluster  # noqa: F401 (fixture)


@pytest.fixture
def admin_credentials(dev_cluster, monkeypatch):
    """The environment an MSK user sets: the dev admin's shared credentials file and profile, and the region."""
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(dev_cluster.client_dir / "admin-iam.credentials"))
    monkeypatch.setenv("AWS_PROFILE", "portcullis")
    monkeypatch.setenv("AWS_DEFAULT_REGION", IAM_REGION)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    return dev_cluster


def oauth_cb(_config):
    token, expiry_ms = MSKAuthTokenProvider.generate_auth_token(IAM_REGION)
    return token, expiry_ms / 1000


def test_confluent_kafka_oauthbearer_with_the_msk_signer(admin_credentials):
    cluster = admin_credentials
    settings = {"bootstrap.servers": f"localhost:{cluster.iam_port}", "security.protocol": "SASL_SSL",
                "sasl.mechanism": "OAUTHBEARER", "oauth_cb": oauth_cb, "ssl.ca.location": str(cluster.ca)}
    topic = f"iam-confluent-{uuid.uuid4().hex[:8]}"
    sent = [f"signed-{index}".encode() for index in range(5)]
    delivered = []
    producer = Producer({**settings, "linger.ms": 0, "message.timeout.ms": 20000})
    producer.poll(0)
    for value in sent:
        producer.produce(topic, value, on_delivery=lambda err, msg: delivered.append(err))
    assert producer.flush(30) == 0, "records still queued after 30 s"
    assert delivered == [None] * len(sent), delivered

    consumer = Consumer({**settings, "group.id": f"{topic}-group", "auto.offset.reset": "earliest"})
    received = []
    try:
        consumer.subscribe([topic])
        deadline = time.monotonic() + 30
        while len(received) < len(sent) and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is not None:
                assert not message.error(), message.error()
                received.append(message.value())
    finally:
        consumer.close()
    assert received == sent
    del producer  # its connections end before the module's cluster does
    assert cluster.log.lines(r"principal=User:arn:aws:iam::000000000000:user/admin .*\] authenticated$"), \
        "the gateway did not log the admin's IAM principal"


def test_kafka_python_aws_msk_iam(admin_credentials):
    cluster = admin_credentials
    settings = dict(bootstrap_servers=f"localhost:{cluster.iam_port}", security_protocol="SASL_SSL",
                    sasl_mechanism="AWS_MSK_IAM", ssl_cafile=str(cluster.ca))
    topic = f"iam-kafka-python-{uuid.uuid4().hex[:8]}"
    sent = [f"json-signed-{index}".encode() for index in range(5)]
    producer = KafkaProducer(**settings, request_timeout_ms=20000)
    try:
        for value in sent:
            producer.send(topic, value).get(timeout=30)
    finally:
        producer.close(timeout=10)

    consumer = KafkaConsumer(topic, **settings, group_id=f"{topic}-group", auto_offset_reset="earliest",
                             consumer_timeout_ms=20000)
    received = []
    try:
        deadline = time.monotonic() + 30
        while len(received) < len(sent) and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                received.extend(record.value for record in records)
    finally:
        consumer.close()
    assert received == sent
