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


SERVICE_BUCKET = "service-logs"
SERVICE_STREAM = "service-log"


def local_service_lines(log_dir):
    """Every complete line of the service log's files, in order."""
    lines = []
    for path in sorted(log_dir.glob("service-*.jsonl")):
        text = path.read_text()
        lines += text.split("\n")[:-1]
    return lines


def delivered_service_lines(s3, prefix="portcullis/service/gateway-a/"):
    lines = []
    for item in s3.list_objects_v2(Bucket=SERVICE_BUCKET, Prefix=prefix).get("Contents", []):
        lines += s3.get_object(Bucket=SERVICE_BUCKET, Key=item["Key"])["Body"].read().decode().splitlines()
    return lines


def kinesis_records(kinesis):
    shard = kinesis.describe_stream(StreamName=SERVICE_STREAM)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName=SERVICE_STREAM, ShardId=shard,
                                          ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = []
    while iterator:
        answer = kinesis.get_records(ShardIterator=iterator, Limit=10000)
        records += answer["Records"]
        if not answer["Records"]:
            break
        iterator = answer.get("NextShardIterator")
    return records


def await_service_log_delivered(log_dir, s3, kinesis, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        local = set(local_service_lines(log_dir))
        in_s3 = set(delivered_service_lines(s3))
        in_kinesis = {record["Data"].decode() for record in kinesis_records(kinesis)
                      if record["PartitionKey"] == "gateway-a-service"}
        if local and local <= in_s3 and local <= in_kinesis:
            return
        assert time.monotonic() < deadline, \
            f"{len(local - in_s3)} of {len(local)} service-log lines not in S3, {len(local - in_kinesis)} not in Kinesis"
        time.sleep(0.3)


def test_every_service_log_line_reaches_s3_and_kinesis_across_a_kill_9(tmp_path, moto, monkeypatch):
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    s3 = boto3.client("s3", endpoint_url=moto, region_name="us-east-1")
    s3.create_bucket(Bucket=SERVICE_BUCKET)
    kinesis = boto3.client("kinesis", endpoint_url=moto, region_name="us-east-1")
    kinesis.create_stream(StreamName=SERVICE_STREAM, ShardCount=1)
    metrics_port = free_port()
    log_dir = tmp_path / "service-logs"
    broker = BrokerProcess(tmp_path / "broker").start()
    gateway = GatewayProcess(tmp_path, broker, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"}, {
        "service.log.dir": log_dir, "service.log.file.max.bytes": "4096", "service.log.file.max.count": "1000",
        "log.delivery.logs": "decisions,service",
        "log.delivery.s3.bucket": SERVICE_BUCKET, "log.delivery.s3.endpoint": moto,
        "log.delivery.kinesis.stream": SERVICE_STREAM, "log.delivery.kinesis.endpoint": moto,
        "log.delivery.region": "us-east-1",
        "log.delivery.instance": "gateway-a", "log.delivery.batch.max.age.ms": "200",
        "log.delivery.batch.max.bytes": "4096",
        "metrics.listen": f"127.0.0.1:{metrics_port}",
    })
    try:
        gateway.start()
        gateway.add_scram_user("shipper", PASSWORD)
        authenticate_many(gateway, 20)  # each an `authenticated` line in the service log
        await_service_log_delivered(log_dir, s3, kinesis)
        keys = [item["Key"] for item in s3.list_objects_v2(Bucket=SERVICE_BUCKET,
                                                           Prefix="portcullis/service/")["Contents"]]
        assert all(key.startswith("portcullis/service/gateway-a/service-") for key in keys), keys
        assert any(key.startswith("portcullis/decisions/gateway-a/decisions-")
                   for key in (item["Key"] for item in s3.list_objects_v2(Bucket=SERVICE_BUCKET)["Contents"]))
        with urllib.request.urlopen(f"http://127.0.0.1:{metrics_port}/metrics", timeout=10) as answer:
            text = answer.read().decode()
        assert 'portcullis_log_delivery_skipped_bytes_total{destination="s3-service"} 0' in text, text
        assert "portcullis_service_log_dropped_lines_total 0" in text, text

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
        await_service_log_delivered(log_dir, s3, kinesis)

        files = sorted(path.name for path in log_dir.glob("service-*.jsonl"))
        assert len(files) >= 4, f"rotated by size and a file per process: {files}"
        local = local_service_lines(log_dir)
        assert sum('"message":"authenticated"' in line for line in local) == 85
        for line in local:
            json.loads(line)
        assert set(delivered_service_lines(s3)) == set(local), "S3 holds exactly the service log's lines"
        in_kinesis = [record["Data"].decode() for record in kinesis_records(kinesis)
                      if record["PartitionKey"] == "gateway-a-service"]
        assert set(in_kinesis) == set(local)
        # The standard error log goes on as before.
        assert len(gateway.log.lines("authenticated")) >= 85
    finally:
        if gateway.process and gateway.process.poll() is None:
            gateway.stop()
        broker.kill()


def verify_from_s3(gateway, broker, moto, prefix="portcullis/decisions"):
    from gateway_fixtures import AUTHCTL
    return subprocess.run([str(AUTHCTL), "audit", "verify", "--data-dir", str(gateway.data_dir),
                           "--key-data-dir", str(broker.data_dir), "--from-s3", f"s3://{BUCKET}/{prefix}",
                           "--endpoint-url", moto, "--region", "us-east-1"],
                          capture_output=True, text=True, timeout=60)


def test_authctl_verifies_the_log_delivered_to_s3(tmp_path, moto, monkeypatch):
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    s3 = boto3.client("s3", endpoint_url=moto, region_name="us-east-1")
    s3.create_bucket(Bucket=BUCKET)
    broker = BrokerProcess(tmp_path / "broker").start()
    gateway = GatewayProcess(tmp_path, broker, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"}, {
        "log.delivery.s3.bucket": BUCKET, "log.delivery.s3.endpoint": moto, "log.delivery.region": "us-east-1",
        "log.delivery.instance": "gateway-a", "log.delivery.batch.max.age.ms": "200",
        "log.delivery.batch.max.bytes": "2048",
    })
    try:
        gateway.start()
        gateway.add_scram_user("shipper", PASSWORD)
        authenticate_many(gateway, 30)
        await_everything_delivered(gateway, s3)
        # A batch delivered twice, longer the second time (as after a kill -9): an overlap, the same bytes.
        keys = sorted((item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]),
                      key=lambda key: int(key.rsplit("/", 1)[1].split("-")[0]))
        assert len(keys) >= 4, keys
        first, second = keys[0], keys[1]
        both = s3.get_object(Bucket=BUCKET, Key=first)["Body"].read() + s3.get_object(Bucket=BUCKET, Key=second)["Body"].read()
        start = int(first.rsplit("/", 1)[1].split("-")[0])
        end = int(second.rsplit("/", 1)[1].split("-")[1].split(".")[0])
        s3.put_object(Bucket=BUCKET, Key=first.rsplit("/", 1)[0] + f"/{start}-{end}.jsonl", Body=both)

        intact = verify_from_s3(gateway, broker, moto)
        assert intact.returncode == 0, intact.stdout + intact.stderr
        assert "gateway-a: intact:" in intact.stdout and "delivered twice" in intact.stdout, intact.stdout
        last_seq = max(record["seq"] for record in delivered_records(s3))
        assert f"seq 1 to {last_seq})" in intact.stdout, intact.stdout

        # An object altered: one record's bytes changed, its length kept.
        victim = keys[2]
        original = s3.get_object(Bucket=BUCKET, Key=victim)["Body"].read()
        lines = original.split(b"\n")
        at = lines[0].index(b'"time":"') + len(b'"time":"') + 3  # the year's last digit
        altered = lines[0][:at] + (b"1" if lines[0][at:at + 1] != b"1" else b"2") + lines[0][at + 1:]
        s3.put_object(Bucket=BUCKET, Key=victim, Body=b"\n".join([altered] + lines[1:]))
        broken = verify_from_s3(gateway, broker, moto)
        assert broken.returncode == 1, broken.stdout + broken.stderr
        assert "gateway-a: BROKEN at decisions-000001.jsonl line" in broken.stdout, broken.stdout

        # An object removed: a gap, named.
        s3.put_object(Bucket=BUCKET, Key=victim, Body=original)
        s3.delete_object(Bucket=BUCKET, Key=victim)
        gap = verify_from_s3(gateway, broker, moto)
        assert gap.returncode == 1, gap.stdout + gap.stderr
        victim_range = victim.rsplit("/", 1)[1][:-len(".jsonl")]
        assert f"gateway-a: GAP or BROKEN: decisions-000001.jsonl: bytes {victim_range} are in no object" in gap.stdout, gap.stdout

        # An object cut short.
        s3.put_object(Bucket=BUCKET, Key=victim, Body=original[:-10])
        cut = verify_from_s3(gateway, broker, moto)
        assert cut.returncode == 1 and f"{victim}: holds {len(original) - 10} bytes" in cut.stdout, cut.stdout
    finally:
        if gateway.process and gateway.process.poll() is None:
            gateway.stop()
        broker.kill()


GROUP = "portcullis-decisions"


def cloudwatch_events(logs, stream):
    events, token = [], None
    while True:
        page = logs.get_log_events(logGroupName=GROUP, logStreamName=stream, startFromHead=True,
                                   **({"nextToken": token} if token else {}))
        events += page["events"]
        if not page["events"] or page.get("nextForwardToken") == token:
            return events
        token = page["nextForwardToken"]


def verify_from_cloudwatch(gateway, broker, moto, stream=None):
    from gateway_fixtures import AUTHCTL
    return subprocess.run([str(AUTHCTL), "audit", "verify", "--data-dir", str(gateway.data_dir),
                           "--key-data-dir", str(broker.data_dir), "--from-cloudwatch", GROUP,
                           *(["--log-stream", stream] if stream else []),
                           "--endpoint-url", moto, "--region", "us-east-1"],
                          capture_output=True, text=True, timeout=60)


def test_authctl_verifies_the_log_delivered_to_cloudwatch(tmp_path, moto, monkeypatch):
    for key, value in CREDENTIALS.items():
        monkeypatch.setenv(key, value)
    logs = boto3.client("logs", endpoint_url=moto, region_name="us-east-1")
    broker = BrokerProcess(tmp_path / "broker").start()
    gateway = GatewayProcess(tmp_path, broker, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"}, {
        "log.delivery.cloudwatch.log.group": GROUP, "log.delivery.cloudwatch.endpoint": moto,
        "log.delivery.region": "us-east-1", "log.delivery.instance": "gateway-a",
        "log.delivery.batch.max.age.ms": "200", "log.delivery.batch.max.bytes": "2048",
    })
    try:
        gateway.start()
        gateway.add_scram_user("shipper", PASSWORD)
        authenticate_many(gateway, 20)
        deadline = time.monotonic() + 30
        while True:
            local = {record["seq"] for record in local_records(gateway)}
            try:
                delivered = {json.loads(event["message"])["seq"] for event in cloudwatch_events(logs, "gateway-a")}
            except logs.exceptions.ResourceNotFoundException:
                delivered = set()
            if local and local <= delivered:
                break
            assert time.monotonic() < deadline, f"{len(local - delivered)} of {len(local)} records not in CloudWatch"
            time.sleep(0.3)

        intact = verify_from_cloudwatch(gateway, broker, moto)
        assert intact.returncode == 0, intact.stdout + intact.stderr
        assert "gateway-a: intact:" in intact.stdout and f"seq 1 to {max(delivered)})" in intact.stdout, intact.stdout

        events = cloudwatch_events(logs, "gateway-a")
        # The same events but one: a gap, by seq.
        logs.create_log_stream(logGroupName=GROUP, logStreamName="gapped")
        logs.put_log_events(logGroupName=GROUP, logStreamName="gapped", logEvents=[
            {"timestamp": event["timestamp"], "message": event["message"]} for event in events
            if json.loads(event["message"])["seq"] != 5])
        gap = verify_from_cloudwatch(gateway, broker, moto, "gapped")
        assert gap.returncode == 1, gap.stdout + gap.stderr
        assert "gapped: GAP or BROKEN: record 5 is in no event (a gap before seq 6)" in gap.stdout, gap.stdout

        # One event altered, its length kept.
        def altered(message):
            at = message.index('"time":"') + len('"time":"') + 3
            return message[:at] + ("1" if message[at] != "1" else "2") + message[at + 1:]
        logs.create_log_stream(logGroupName=GROUP, logStreamName="altered")
        logs.put_log_events(logGroupName=GROUP, logStreamName="altered", logEvents=[
            {"timestamp": event["timestamp"],
             "message": altered(event["message"]) if json.loads(event["message"])["seq"] == 5 else event["message"]}
            for event in events])
        broken = verify_from_cloudwatch(gateway, broker, moto, "altered")
        assert broken.returncode == 1, broken.stdout + broken.stderr
        assert "altered: BROKEN at decisions-000001.jsonl line 5" in broken.stdout, broken.stdout
    finally:
        if gateway.process and gateway.process.poll() is None:
            gateway.stop()
        broker.kill()
