"""The wall clock jumps under load, as a badly stepped NTP or a VM restored from
a snapshot makes it: `portcullis dev` runs under libfaketime (Debian's
faketime), whose offset file the test rewrites: +2 h, then -1 h (a step back of
3 h). Timers and timeouts use the monotonic clock (left alone, as a real step
leaves it), so sessions, checkpoints and retries are unaffected; what reads the
wall clock (decision-log times, certificate validity, segment timestamps) jumps
with it. An idempotent acks=all producer through SCRAM keeps going, new mTLS
and SCRAM connections are accepted after each jump, every record is stored
exactly once, and the decision log still verifies: its chain does not depend on
times being in order."""
import datetime
import json
import pathlib
import subprocess
import threading
import time

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient

from gateway_fixtures import AUTHCTL, DevCluster, client_only, create_topic
from helpers import consume, end_offset

LIBFAKETIME = pathlib.Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")
LOAD_SECONDS = 12
# libfaketime 0.9.10 preloaded into the Swift binary started straight from Python (or bash)
# leaves it without its arguments; started through sh it gets them.
THROUGH_SH = ["/bin/sh", "-c", 'exec "$0" "$@"']
RATE = 500  # records/s
JUMPS = [(3.0, "+2h"), (7.0, "-1h")]  # (seconds into the load, offset from the real time)


def faked_clock(offset_file):
    offset_file.write_text("+0\n")
    return {"LD_PRELOAD": str(LIBFAKETIME), "FAKETIME_TIMESTAMP_FILE": str(offset_file),
            "FAKETIME_CACHE_DURATION": "1", "FAKETIME_DONT_FAKE_MONOTONIC": "1"}


def new_connections_work(cluster):
    """A fresh client on each of the SCRAM and mTLS listeners gets Metadata."""
    for settings in (cluster.scram(), cluster.mtls()):
        AdminClient({**settings, "socket.timeout.ms": 10000}).list_topics(timeout=10)


def test_the_wall_clock_jumping_loses_nothing_and_keeps_the_decision_log_verifiable(tmp_path):
    assert LIBFAKETIME.exists(), "Debian's faketime package is missing: scripts/install-test-deps.sh installs it"
    offset_file = tmp_path / "clock-offset"
    cluster = DevCluster(tmp_path, env=faked_clock(offset_file), launcher=THROUGH_SH).start()
    try:
        settings = cluster.scram()
        create_topic(settings, "clock")
        producer = Producer({**settings, "acks": "all", "enable.idempotence": True, "linger.ms": 5,
                             "message.timeout.ms": 60000})
        acknowledged, failed = set(), []
        lock = threading.Lock()

        def delivered(error, message):
            with lock:
                (failed.append(error) if error else acknowledged.add(int(message.key())))

        jumped = []

        def jump(offset):
            offset_file.write_text(offset + "\n")
            time.sleep(1.5)  # libfaketime re-reads the file at most once a second
            new_connections_work(cluster)
            jumped.append(offset)

        timers = [threading.Timer(at, jump, (offset,)) for at, offset in JUMPS]
        for timer in timers:
            timer.start()
        started = time.monotonic()
        sent = 0
        while time.monotonic() - started < LOAD_SECONDS:
            if sent > RATE * (time.monotonic() - started):
                producer.poll(0.01)
                continue
            producer.produce("clock", b"tick", key=str(sent).encode(), on_delivery=delivered)
            sent += 1
            producer.poll(0)
        for timer in timers:
            timer.join()
        remaining = producer.flush(60)

        assert jumped == [offset for _, offset in JUMPS]
        assert cluster.alive()
        assert remaining == 0 and failed == [], (remaining, failed[:5])
        assert acknowledged == set(range(sent))
        stored = consume(settings["bootstrap.servers"], "clock", sent, timeout=60, **client_only(settings))
        keys = [int(record.key()) for record in stored]
        assert len(keys) == len(set(keys)) == sent
        assert end_offset(settings["bootstrap.servers"], "clock", **client_only(settings)) == sent
    finally:
        cluster.stop()
    verified = subprocess.run([str(AUTHCTL), "audit", "verify", "--data-dir", str(cluster.data_dir),
                               "--key-data-dir", str(cluster.data_dir / "broker")],
                              capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # The jumps reached the process: the decision log's times went forward ~2 h, then back.
    times = [datetime.datetime.fromisoformat(json.loads(line)["time"].replace("Z", "+00:00"))
             for path in sorted((cluster.data_dir / "audit").glob("decisions-*.jsonl"))
             for line in path.read_text().splitlines()]
    real = datetime.datetime.now(datetime.timezone.utc)
    ahead = [index for index, moment in enumerate(times) if moment - real > datetime.timedelta(hours=1.5)]
    assert ahead, "no record was written while the clock was 2 h ahead"
    assert any(moment < real - datetime.timedelta(minutes=30) for moment in times[ahead[-1]:]), \
        "no record was written after the clock stepped back"
