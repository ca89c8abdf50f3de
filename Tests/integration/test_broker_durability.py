"""What must survive the broker process: acknowledged records (kill -9 during
an acks=-1 produce loop) and committed consumer offsets (restart)."""
import signal
import threading
import time

from confluent_kafka import Producer

from helpers import consume, create_topic


def test_acknowledged_records_survive_kill_9(broker):
    create_topic(broker.bootstrap, "ledger")
    producer = Producer({
        "bootstrap.servers": broker.bootstrap, "acks": "all", "enable.idempotence": True,
        "linger.ms": 1, "message.timeout.ms": 5000,
    })
    acknowledged = []
    lock = threading.Lock()

    def delivered(error, message):
        if error is None:
            with lock:
                acknowledged.append((message.offset(), message.value()))

    killer = threading.Timer(1.5, lambda: broker.kill(signal.SIGKILL))
    killer.start()
    sent = 0
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and sent < 200_000:
        try:
            producer.produce("ledger", value=f"entry-{sent:07d}".encode(), on_delivery=delivered)
            sent += 1
        except BufferError:
            producer.poll(0.01)
        producer.poll(0)
    producer.flush(6)
    killer.join()
    assert broker.process.returncode == -signal.SIGKILL
    assert len(acknowledged) > 100, "the broker was killed before it acknowledged anything"

    broker.start()
    stored = [(m.offset(), m.value()) for m in consume(broker.bootstrap, "ledger", len(acknowledged) + 10_000, timeout=20)]
    stored_values = [value for _, value in stored]
    assert len(stored_values) == len(set(stored_values)), "a record was stored twice"
    assert [offset for offset, _ in stored] == list(range(len(stored))), "offsets are not consecutive from 0"
    positions = {value: offset for offset, value in stored}
    for offset, value in acknowledged:
        assert positions.get(value) == offset, f"acknowledged {value!r} at {offset} is missing after the restart"
    # Acknowledged records are in the order they were produced.
    ordered = sorted(acknowledged)
    assert [v for _, v in ordered] == sorted(v for _, v in ordered)


def test_committed_offsets_survive_a_restart(broker):
    create_topic(broker.bootstrap, "orders")
    producer = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all"})
    for i in range(20):
        producer.produce("orders", value=f"order-{i:02d}".encode())
    producer.flush(15)
    first = consume(broker.bootstrap, "orders", 10, group="billing", timeout=20)
    # consume() commits what it read; the group read the first ten (or more, in one fetch).
    read = len(first)
    assert read >= 10
    broker.restart()
    rest = consume(broker.bootstrap, "orders", 20 - read, group="billing", timeout=20)
    assert [m.value() for m in rest] == [f"order-{i:02d}".encode() for i in range(read, 20)]
