"""The service log's rotated files: `portcullis dev` writes them under its data
directory out of the box, as JSON lines, besides standard error; a gateway
whose log disk fills up keeps serving, drops the lines it cannot write, counts
them, and writes again once there is room."""
import json
import time
import urllib.request

from conftest import BrokerProcess, free_port
from gateway_fixtures import DevCluster, GatewayProcess
from gateway_wire import KafkaWire
from tmpfs import grow, tmpfs

PASSWORD = "a service log test passphrase"


def lines(log_dir):
    return [json.loads(line) for path in sorted(log_dir.glob("service-*.jsonl"))
            for line in path.read_text().splitlines()]


def scrape(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as answer:
        return answer.read().decode()


def dropped(port):
    for line in scrape(port).splitlines():
        if line.startswith("portcullis_service_log_dropped_lines_total "):
            return float(line.split()[1])
    raise AssertionError("no portcullis_service_log_dropped_lines_total")


def authenticate(port, count):
    for _ in range(count):
        wire = KafkaWire.connect(port)
        try:
            wire.scram_authenticate("logger", PASSWORD, "SCRAM-SHA-512")
        finally:
            wire.close()


def test_dev_writes_service_log_files_by_default(tmp_path):
    cluster = DevCluster(tmp_path).start()
    try:
        log_dir = cluster.data_dir / "logs"
        deadline = time.monotonic() + 10
        while not any(record["message"] == "audit log open" for record in lines(log_dir)):
            assert time.monotonic() < deadline, f"no service-log file in {log_dir}: {list(log_dir.glob('*'))}"
            time.sleep(0.2)
        assert [path.name for path in log_dir.glob("service-*.jsonl")] == ["service-000001.jsonl"]
        record = next(record for record in lines(log_dir) if record["message"] == "audit log open")
        assert record["level"] == "info" and record["time"].endswith("Z") and "logger" in record
        assert cluster.log.lines("audit log open"), "standard error keeps its lines"
        assert (log_dir.stat().st_mode & 0o777) == 0o700
    finally:
        cluster.stop()

    # Started again: a file of its own.
    cluster.start()
    try:
        assert sorted(path.name for path in (cluster.data_dir / "logs").glob("service-*.jsonl")) == \
            ["service-000001.jsonl", "service-000002.jsonl"]
    finally:
        cluster.stop()


def test_dev_without_log_files(tmp_path):
    cluster = DevCluster(tmp_path, args=["--no-log-files"]).start()
    try:
        assert not (cluster.data_dir / "logs").exists()
    finally:
        cluster.stop()


def test_a_full_log_disk_drops_lines_not_requests(tmp_path):
    metrics_port = free_port()
    broker = BrokerProcess(tmp_path / "broker").start()
    with tmpfs(tmp_path / "logdisk", "64k") as disk:
        log_dir = disk / "logs"
        gateway = GatewayProcess(tmp_path, broker, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"}, {
            "service.log.dir": log_dir, "service.log.file.max.bytes": "8192", "service.log.file.max.count": "100",
            "metrics.listen": f"127.0.0.1:{metrics_port}",
        })
        try:
            gateway.start()
            gateway.add_scram_user("logger", PASSWORD)
            # 64 KiB hold a few hundred lines: many more authentications fill the disk.
            authenticate(gateway.ports["SASL_PLAINTEXT"], 400)
            assert gateway.alive()
            lost = dropped(metrics_port)
            assert lost > 0, "the disk never filled"
            for record in lines(log_dir):  # only whole lines in the files
                assert record["message"]
            # Requests were served all along: the last ones are on standard error.
            assert len(gateway.log.lines("authenticated")) >= 400

            grow(disk, "4m")
            time.sleep(1.2)  # a file that could not be opened is tried again a second later
            before = len(lines(log_dir))
            authenticate(gateway.ports["SASL_PLAINTEXT"], 5)
            assert len(lines(log_dir)) >= before + 5
            assert dropped(metrics_port) == lost
        finally:
            gateway.stop()
            broker.kill()
