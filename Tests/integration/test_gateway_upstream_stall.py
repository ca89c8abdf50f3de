"""The upstream network stalls under load: a TCP forwarder between the gateway
and the broker (the broker advertises the forwarder, so every upstream
connection crosses it) stops moving bytes both ways for a while, then resumes.
Producers keep producing into the stall. The gateway's memory stays bounded
(it stops reading clients whose requests it cannot pass on), nothing is
acknowledged that the broker did not store, and once the network flows again
the producer finishes by itself with every record stored exactly once."""
import threading
import time

from confluent_kafka import Producer

from conftest import BrokerProcess
from gateway_fixtures import GatewayProcess, client_only, create_topic, memory_kib
from helpers import consume, end_offset
from tcp_forwarder import TcpForwarder

PASSWORD = "a stalled-network test passphrase"
RECORD = 16 * 1024
STALL_AT = 3.0
STALL_SECONDS = 8.0
LOAD_SECONDS = STALL_AT + STALL_SECONDS + 4.0
RATE = 1000  # records/s: 16 MB/s offered, so the stall holds back ~128 MB
MOST_RECORDS = 20_000
# The gateway holds what a connection has read but not yet passed on: its pending-response
# and partial-request bounds, and the kernel's socket buffers. 16 MiB is far below what the
# producer offers during the stall (it queues up to its own 1 GiB buffer).
GROWTH_LIMIT_KIB = 16 * 1024


def start_stalling_upstream(root):
    """A broker whose one listener is advertised as a forwarder's port; the forwarder relays to it."""
    broker = BrokerProcess(root / "broker")
    forwarder = TcpForwarder(0, broker.port)
    config = root / "broker.properties"
    config.write_text(f"listeners=PLAINTEXT://127.0.0.1:{broker.port}\n"
                      f"advertised.listeners=PLAINTEXT://127.0.0.1:{forwarder.port}\n")
    broker.extra_args = ["--config", str(config)]
    broker.start()
    return broker, forwarder


def test_a_stalled_upstream_network_bounds_memory_and_loses_nothing(tmp_path):
    broker, forwarder = start_stalling_upstream(tmp_path)
    gateway = None
    try:
        gateway = GatewayProcess(tmp_path, broker, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"},
                                 {"upstream.bootstrap.servers": f"127.0.0.1:{forwarder.port}"}).start()
        gateway.add_scram_user("stalled", PASSWORD)
        settings = gateway.scram("SASL_PLAINTEXT", "stalled", PASSWORD)
        create_topic(settings, "stalled")
        producer = Producer({**settings, "acks": "all", "enable.idempotence": True, "linger.ms": 5,
                             "queue.buffering.max.kbytes": 1024 * 1024, "message.timeout.ms": 120000})
        acknowledged, failed = set(), []
        lock = threading.Lock()

        def delivered(error, message):
            with lock:
                (failed.append(error) if error else acknowledged.add(int(message.key())))

        resident_before = gateway.memory_kib()
        peak = {"kib": resident_before}
        sampling = threading.Event()

        def sample():
            while not sampling.is_set():
                peak["kib"] = max(peak["kib"], memory_kib(gateway.process.pid))
                time.sleep(0.1)

        counts = {}

        def stall():
            forwarder.stall()
            with lock:
                counts["at stall"] = len(acknowledged)

        def resume():
            with lock:
                counts["at resume"] = len(acknowledged)
            forwarder.resume()

        timers = [threading.Thread(target=sample, daemon=True), threading.Timer(STALL_AT, stall),
                  threading.Timer(STALL_AT + STALL_SECONDS, resume)]
        for timer in timers:
            timer.start()
        started = time.monotonic()
        sent = 0
        value = b"s" * RECORD
        while sent < MOST_RECORDS and time.monotonic() - started < LOAD_SECONDS:
            if sent > RATE * (time.monotonic() - started):
                producer.poll(0.01)
                continue
            producer.produce("stalled", value, key=str(sent).encode(), on_delivery=delivered)
            sent += 1
            producer.poll(0)
        remaining = producer.flush(90)
        sampling.set()
        for timer in timers:
            timer.join()
        acknowledged_during_stall = counts["at resume"] - counts["at stall"]

        assert gateway.alive()
        assert remaining == 0 and failed == [], (remaining, failed[:5])
        assert acknowledged == set(range(sent)), f"{sent - len(acknowledged)} of {sent} not acknowledged"
        # While nothing reached the broker, nothing more could be acknowledged than was in flight at the stall.
        assert acknowledged_during_stall <= 1000, acknowledged_during_stall
        growth = peak["kib"] - resident_before
        print(f"sent {sent} records of {RECORD} B; gateway RSS {resident_before} KiB before, peak {peak['kib']} KiB "
              f"(+{growth}); acknowledged during the stall: {acknowledged_during_stall}")
        assert growth <= GROWTH_LIMIT_KIB, f"gateway grew {growth} KiB during the stall"

        stored = consume(settings["bootstrap.servers"], "stalled", sent, timeout=60, **client_only(settings))
        keys = [int(record.key()) for record in stored]
        assert len(keys) == len(set(keys)) == sent, f"{len(keys)} read, {len(set(keys))} distinct, {sent} sent"
        assert end_offset(settings["bootstrap.servers"], "stalled", **client_only(settings)) == sent
    finally:
        forwarder.close()
        if gateway:
            gateway.stop()
        broker.kill()
