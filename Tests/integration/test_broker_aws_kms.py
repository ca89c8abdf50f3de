"""The broker with its segment keys in an AWS-KMS-compatible service (moto's
server on loopback): the same client code a user points at AWS KMS."""
import json

import boto3
from confluent_kafka import Producer

from helpers import consume, create_topic
from moto_server import CREDENTIALS, moto, moto_server  # noqa: F401 (fixtures)


def test_segments_are_wrapped_by_aws_kms(broker_factory, moto, tmp_path):
    config = tmp_path / "broker.properties"
    config.write_text(f"encryption.kms=aws\nencryption.aws.endpoint={moto}\nencryption.aws.region=us-east-1\n")
    broker = broker_factory(extra_args=["--config", str(config)], env=CREDENTIALS)
    create_topic(broker.bootstrap, "invoices")
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all"})
    for i in range(30):
        producer.produce("invoices", value=f"AWS-PLAINTEXT-{i}".encode())
    assert producer.flush(15) == 0
    assert sorted(m.value() for m in consume(broker.bootstrap, "invoices", 30)) == sorted(f"AWS-PLAINTEXT-{i}".encode() for i in range(30))

    kms = boto3.client("kms", endpoint_url=moto, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    alias = next(a for a in kms.list_aliases()["Aliases"] if a["AliasName"] == "alias/portcullis-segments")
    key_files = list(broker.data_dir.rglob("*.key"))
    assert key_files, "no segment key sidecar was written"
    wrapped = json.loads(key_files[0].read_text())
    assert alias["TargetKeyId"] in json.dumps(wrapped), "the segment key is not wrapped by the KMS key"
    for path in broker.data_dir.rglob("*"):
        assert not path.is_file() or b"AWS-PLAINTEXT" not in path.read_bytes(), f"plaintext in {path}"
