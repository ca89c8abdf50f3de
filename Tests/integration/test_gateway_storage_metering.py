"""Storage metering by `portcullis gateway` in front of a separate
`portcullis broker`: the gateway asks the broker through the protocol
(Metadata, DescribeLogDirs) twice a minute and journals each topic's
partitions and bytes; `authctl usage` turns them into partition-hours and
storage byte-hours. The bytes are the broker's segment files, the figure
`portcullis dev` records from its own broker."""
import json
import pathlib
import time

from confluent_kafka import Producer

from gateway_fixtures import create_topic, start_gateway, stop_gateway
from test_usage_metering import usage_rows

SAMPLE_WAIT = 30 + 10 + 20  # one sampling interval, one journal flush, and slack for a loaded machine


def segment_bytes(broker_data: pathlib.Path, topic: str, partitions: int) -> int:
    return sum(path.stat().st_size for partition in range(partitions)
               for path in (broker_data / "logs" / f"{topic}-{partition}").glob("*.log"))


def storage_lines(gateway_data: pathlib.Path, topic: str):
    lines = []
    for path in sorted((gateway_data / "usage").glob("usage-*.jsonl")):
        for text in path.read_text().split("\n")[:-1]:  # the part after the last newline may be a line being written
            line = json.loads(text)
            if line["kind"] == "storage" and line["topic"] == topic:
                lines.append(line)
    return sorted(lines, key=lambda line: line["seq"])


def test_the_gateway_meters_its_upstreams_partitions_and_stored_bytes(tmp_path):
    started = time.time()
    gateway = start_gateway(tmp_path)
    try:
        gateway.add_scram_user("meter", "meter-passphrase-1")
        settings = gateway.scram("SASL_PLAINTEXT", "meter", "meter-passphrase-1")
        create_topic(settings, "stored", partitions=3)
        producer = Producer({**settings, "linger.ms": 5})
        for n in range(600):
            producer.produce("stored", f"stored-{n:04}".encode() * 8, partition=n % 3)
        assert producer.flush(30) == 0
        on_disk = segment_bytes(gateway.broker.data_dir, "stored", 3)
        assert on_disk > 600 * 80, on_disk

        # A sample taken after the produce, journalled: the broker's bytes exactly, all 3 partitions.
        deadline = time.monotonic() + SAMPLE_WAIT
        while time.monotonic() < deadline:
            lines = storage_lines(gateway.data_dir, "stored")
            if lines and lines[-1]["storage_bytes"] == on_disk:
                break
            time.sleep(1)
        assert lines and lines[-1]["storage_bytes"] == on_disk, (on_disk, lines[-3:], gateway.log.text()[-2000:])
        assert lines[-1]["partitions"] == 3
        assert "upstream storage" not in gateway.log.text(), "no sampling failure was logged"
    finally:
        stop_gateway(gateway)  # SIGTERM: the recorder flushes what it holds

    elapsed_minutes = (time.time() - started) / 60
    rows = usage_rows(gateway.data_dir, "--topic", "stored")
    storage = [row for row in rows if row["principal"] is None]
    assert len(storage) == 1, rows
    minutes = round(storage[0]["partition_hours"] * 60 / 3)  # each sampled minute counts 3 partitions for 1/60 h
    assert 1 <= minutes <= elapsed_minutes + 2, (storage, elapsed_minutes)
    assert abs(storage[0]["partition_hours"] - minutes * 3 / 60) < 1e-9, storage
    # No sampled minute holds more than the bytes on disk; the last one holds exactly them.
    assert on_disk / 60 <= storage[0]["storage_byte_hours"] <= on_disk * minutes / 60 + 1e-6, (storage, on_disk)
