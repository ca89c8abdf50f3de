"""The broker's log directory on a full disk: produces fail with
KAFKA_STORAGE_ERROR, the broker stays up and says so in its log a few times
(not once per failure), and once there is room again the same idempotent
producer carries on; every acknowledged record is stored exactly once."""
import errno
import os
import re
import threading
import time

import pytest
from confluent_kafka import KafkaError, Producer

from conftest import BrokerProcess
from helpers import consume, create_topic, end_offset, wait_until
from gateway_fixtures import LogFile
from tmpfs import tmpfs

RECORD = 1024  # bytes of each record's value
HEADROOM = 256 * 1024  # what the filler file leaves free on the 8 MiB disk
PROBES = 20
PROBE = b"probe".ljust(8192, b".")


@pytest.fixture
def full_broker(tmp_path):
    """A broker whose data directory is an 8 MiB tmpfs; yields it and the filler file's path."""
    with tmpfs(tmp_path / "data", "8m") as data_dir:
        broker = BrokerProcess(data_dir)
        try:
            broker.start()
            create_topic(broker.bootstrap, "ledger")
            filler = data_dir / "filler"
            free = os.statvfs(data_dir).f_bavail * os.statvfs(data_dir).f_frsize
            filler.write_bytes(b"\0" * (free - HEADROOM))
            yield broker, filler
        finally:
            broker.kill()


def fill_up(filler):
    """Appends to `filler` until the disk refuses (a bounded number of blocks)."""
    with open(filler, "ab", buffering=0) as file:
        for _ in range(HEADROOM // 4096 + 64):
            try:
                file.write(b"\0" * 4096)
            except OSError as full:
                assert full.errno == errno.ENOSPC, full
                return
    raise AssertionError("the disk did not fill up")


def value(number):
    return f"{number:08d}".encode().ljust(RECORD, b".")


def test_a_full_log_directory_refuses_produces_and_recovers_without_a_restart(full_broker):
    broker, filler = full_broker
    log = LogFile(broker.log_path)
    producer = Producer({
        "bootstrap.servers": broker.bootstrap, "acks": "all", "enable.idempotence": True,
        "linger.ms": 5, "message.timeout.ms": 60000,
    })
    acknowledged, failed = [], []
    lock = threading.Lock()

    def delivered(error, message):
        with lock:
            (failed if error else acknowledged).append(error or message.value())

    # Fill the disk: HEADROOM holds about 250 records of RECORD bytes; 2000 cannot fit.
    sent = 0
    deadline = time.monotonic() + 20
    while sent < 2000 and time.monotonic() < deadline and not log.lines("append failed"):
        producer.produce("ledger", value(sent), on_delivery=delivered)
        sent += 1
        producer.poll(0.002)
    wait_until(lambda: log.lines("append failed"), timeout=10, what="the broker to report the full disk")
    full_at = time.monotonic()
    acked_before_full = len(acknowledged)
    assert acked_before_full > 0, "the disk was full before anything was acknowledged"

    # The last free pages too; a probe larger than a page then always needs one more.
    fill_up(filler)

    # What a client without retries sees: one produce request, one KAFKA_STORAGE_ERROR.
    probe = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all", "retries": 0, "linger.ms": 0})
    refusals = []

    def send_probe():
        probe.produce("ledger", PROBE, on_delivery=lambda error, _: refusals.append(error and error.code()))
        probe.flush(10)

    for _ in range(PROBES):
        send_probe()
    assert refusals == [KafkaError.KAFKA_STORAGE_ERROR] * PROBES
    assert broker.process.poll() is None, "the broker exited on a full disk"

    # Past the 10 s window, one more failure is logged with the repeats held back.
    time.sleep(max(0.0, full_at + 10.5 - time.monotonic()))
    send_probe()
    assert refusals[-1] == KafkaError.KAFKA_STORAGE_ERROR
    failures = log.lines("append failed")
    assert len(failures) == 2 and "No space left on device" in failures[0], failures
    held_back = int(re.search(r"suppressed=(\d+)", failures[1]).group(1))
    assert held_back >= PROBES, failures

    # Room again: the waiting records go through and new ones follow, from the same producer.
    filler.unlink()
    freed_at = time.monotonic()
    assert producer.flush(30) == 0
    recovered_after = time.monotonic() - freed_at
    for number in range(sent, sent + 100):
        producer.produce("ledger", value(number), on_delivery=delivered)
    assert producer.flush(30) == 0
    assert failed == [], f"the idempotent producer gave up on records: {failed}"
    assert len(acknowledged) == sent + 100

    stored = [m.value() for m in consume(broker.bootstrap, "ledger", len(acknowledged), timeout=15)]
    assert end_offset(broker.bootstrap, "ledger") == len(stored), "the log holds more than was read: a refused probe or a duplicate"
    assert len(set(stored)) == len(stored), "a record was stored twice"
    assert set(acknowledged) == set(stored), "an acknowledged record is missing"
    print(f"acked before full {acked_before_full}, held back {held_back}, recovered after {recovered_after:.2f}s, "
          f"stored {len(stored)}")
