"""The upstream broker killed (-9) under load and restarted ~2 s later on the
same data directory and port, behind a running gateway: an idempotent acks=all
producer rides it out by itself, and every acknowledged record is stored
exactly once."""
import signal
import threading
import time

from confluent_kafka import Producer

from gateway_fixtures import client_only, create_topic, start_gateway, stop_gateway
from helpers import consume, end_offset

PASSWORD = "a kill-9 test passphrase"
LOAD_SECONDS = 15
MOST_RECORDS = 15_000
KILL_AT = 4.0  # seconds into the load
DOWN_FOR = 2.0


def kill_and_restart(broker, times):
    """SIGKILL, DOWN_FOR seconds down, then the same broker again; notes when each happened."""
    broker.kill(signal.SIGKILL)
    times["killed"] = time.monotonic()
    time.sleep(DOWN_FOR)
    broker.start()
    times["listening"] = time.monotonic()


def test_an_upstream_killed_under_load_loses_and_duplicates_nothing(tmp_path):
    gateway = start_gateway(tmp_path, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"}, {})
    times = {}
    outage = threading.Timer(KILL_AT, kill_and_restart, (gateway.broker, times))
    try:
        gateway.add_scram_user("ledger", PASSWORD)
        settings = gateway.scram("SASL_PLAINTEXT", "ledger", PASSWORD)
        create_topic(settings, "ledger")
        client_errors = []
        producer = Producer({
            **settings, "acks": "all", "enable.idempotence": True, "linger.ms": 5,
            "message.timeout.ms": 60000, "error_cb": lambda error: client_errors.append(error),
        })
        acknowledged, failed = {}, []
        lock = threading.Lock()

        def delivered(error, message):
            with lock:
                if error:
                    failed.append(error)
                else:
                    acknowledged[int(message.value())] = time.monotonic()

        mark = gateway.log.mark()
        started = time.monotonic()
        outage.start()
        sent = 0
        while sent < MOST_RECORDS and time.monotonic() - started < LOAD_SECONDS:
            try:
                producer.produce("ledger", f"{sent}".encode(), on_delivery=delivered)
                sent += 1
            except BufferError:
                pass
            producer.poll(0.001)  # about a thousand records a second at most
        outage.join()
        assert producer.flush(60) == 0, "records were still unacknowledged 60 s after the load"
        assert failed == [], f"the producer gave up on records: {failed}"
        assert len(acknowledged) == sent
        assert gateway.broker.process.poll() is None and gateway.alive()

        # The gateway says why; clients whose Metadata it could not forward were disconnected.
        gateway.log.wait_for("upstream connection lost", since=mark)

        before = [n for n, at in acknowledged.items() if at < times["killed"]]
        after = [n for n, at in acknowledged.items() if at > times["listening"]]
        assert before and after, "the outage was not in the middle of the load"
        resumed_after = min(at for at in acknowledged.values() if at > times["listening"]) - times["listening"]

        stored = [int(m.value()) for m in consume(settings["bootstrap.servers"], "ledger", sent, timeout=30,
                                                  **client_only(settings))]
        assert len(stored) == len(set(stored)), f"{len(stored) - len(set(stored))} records stored twice"
        assert end_offset(settings["bootstrap.servers"], "ledger", **client_only(settings)) == len(stored), \
            "the log holds more records than were read: duplicates"
        missing = set(acknowledged) - set(stored)
        assert not missing, f"{len(missing)} acknowledged records lost, e.g. {sorted(missing)[:5]}"
        print(f"sent {sent}, acked before the kill {len(before)}, after the restart {len(after)}, "
              f"first ack {resumed_after:.2f}s after the broker listened again, client errors {client_errors}, "
              f"gateway warnings {len(gateway.log.lines('warning', since=mark))}")
    finally:
        outage.cancel()
        if outage.is_alive():
            outage.join()  # a broker it restarts is then stopped with the gateway
        stop_gateway(gateway)
