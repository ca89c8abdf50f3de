"""Log delivery of the decision log to S3 (moto's server) from a real
`portcullis gateway`: every record arrives, one object per batch keyed by
instance, file and offsets; a kill -9 mid-delivery and a restart re-deliver at
most what was in flight and then everything, each record carrying its `seq`
and chain hash so duplicates can be dropped; the lag and pending bytes show in
the metrics."""
import json
import os
import signal
import subprocess
import time
import urllib.request

import boto3

from conftest import free_port
from gateway_fixtures import GatewayProcess, await_ready
from conftest import BrokerProcess
from gateway_wire import KafkaWire
from moto_server import CREDENTIALS, moto, moto_server  # noqa: F401 (fixtures)

PASSWORD = "a log delivery test passphrase"
BUCKET = "decisions"


def local_records(gateway):
    return [json.loads(line) for path in sorted((gateway.data_dir / "audit").glob("decisions-*.jsonl"))
            for line in path.read_text().splitlines() if line]


def delivered_records(s3):
    records = []
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        body = s3.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read().decode()
        records += [json.loads(line) for line in body.splitlines() if line]
    return records


def await_everything_delivered(gateway, s3, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        local = {record["seq"] for record in local_records(gateway)}
        delivered = {record["seq"] for record in delivered_records(s3)}
        if local and local <= delivered:
            return
        assert time.monotonic() < deadline, f"{len(local - delivered)} of {len(local)} records not delivered"
        time.sleep(0.3)


def authenticate_many(gateway, count):
    """Each authentication is a decision-log record."""
    for _ in range(count):
        wire = KafkaWire.connect(gateway.ports["SASL_PLAINTEXT"])
        try:
            wire.scram_authenticate("shipper", PASSWORD, "SCRAM-SHA-512")
        finally:
            wire.close()


def test_every_decision_reaches_s3_across_a_kill_9(tmp_path, moto, monkeypatch):
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    s3 = boto3.client("s3", endpoint_url=moto, region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    metrics_port = free_port()
    broker = BrokerProcess(tmp_path / "broker").start()
    gateway = GatewayProcess(tmp_path, broker, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"}, {
        "log.delivery.s3.bucket": BUCKET, "log.delivery.s3.endpoint": moto, "log.delivery.region": "us-east-1",
        "log.delivery.instance": "gateway-a", "log.delivery.batch.max.age.ms": "200",
        "log.delivery.batch.max.bytes": "4096",
        "metrics.listen": f"127.0.0.1:{metrics_port}", "metrics.level": "enhanced",
    })
    try:
        gateway.start()
        gateway.add_scram_user("shipper", PASSWORD)
        authenticate_many(gateway, 20)
        await_everything_delivered(gateway, s3)
        keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
        assert all(key.startswith("portcullis/decisions/gateway-a/decisions-") for key in keys), keys
        with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as answer:
            text = answer.read().decode()
        assert 'portcullis_log_delivery_pending_bytes{destination="s3"} 0.0' in text, text

        # A burst, and the gateway killed while it is being shipped.
        authenticate_many(gateway, 60)
        gateway.process.send_signal(signal.SIGKILL)
        gateway.process.wait(timeout=10)
        with open(gateway.log.path, "ab") as log:
            gateway.process = subprocess.Popen(gateway.command(tmp_path / "gateway.properties"),
                                               stdout=log, stderr=subprocess.STDOUT)
        mark = gateway.log.mark()
        await_ready(gateway.process, gateway.log, lambda: gateway.log.lines("gateway listening", since=mark), 30)
        authenticate_many(gateway, 5)
        await_everything_delivered(gateway, s3)

        local = local_records(gateway)
        delivered = delivered_records(s3)
        by_seq = {record["seq"]: record for record in delivered}
        assert set(by_seq) == {record["seq"] for record in local}
        for record in local:
            assert by_seq[record["seq"]] == record, "a delivered record differs from the log's"
        duplicates = len(delivered) - len(by_seq)
        assert duplicates <= 60, f"{duplicates} records delivered twice: more than the batches in flight"
    finally:
        if gateway.process and gateway.process.poll() is None:
            gateway.stop()
        broker.kill()
