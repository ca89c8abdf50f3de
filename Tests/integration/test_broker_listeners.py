"""Kafka's `listeners` and `advertised.listeners` on a real `portcullis broker`:
a producer uses listener PLAINTEXT directly; a consumer bootstraps on listener
FRONT, which advertises another port where a plain TCP forwarder (as stunnel
would be) relays to FRONT's bound port. The consumer's records can only come
through the forwarder if the client followed FRONT's advertised address."""
import socket
import subprocess
import time

from confluent_kafka import Producer

from conftest import BINARY, free_port
from helpers import consume, create_topic, wait_until
from tcp_forwarder import TcpForwarder


def start_broker(tmp_path, properties, ports):
    config = tmp_path / "broker.properties"
    config.write_text(properties)
    log_path = tmp_path / "broker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(BINARY), "broker", "--data-dir", str(tmp_path / "data"), "--config", str(config)],
                                   stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text(errors="replace")
        try:
            for port in ports:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process, log_path
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(f"broker did not listen on {ports}:\n{log_path.read_text(errors='replace')}")


def test_a_consumer_follows_the_advertised_address_of_the_listener_it_bootstrapped_on(tmp_path):
    direct, front, advertised = free_port(), free_port(), free_port()
    process, log_path = start_broker(tmp_path, (
        f"listeners=PLAINTEXT://127.0.0.1:{direct},FRONT://127.0.0.1:{front}\n"
        f"advertised.listeners=PLAINTEXT://127.0.0.1:{direct},FRONT://127.0.0.1:{advertised}\n"
    ), [direct, front])
    forwarder = TcpForwarder(advertised, front)
    try:
        # The startup line names every listener (it is written just after the ports are bound).
        log = wait_until(lambda: (text := log_path.read_text()) and "broker listening" in text and text,
                         timeout=10, what="the startup line")
        assert f"PLAINTEXT://127.0.0.1:{direct}," in log
        assert f"FRONT://127.0.0.1:{front} (advertised as 127.0.0.1:{advertised})" in log

        create_topic(f"127.0.0.1:{direct}", "routed")
        producer = Producer({"bootstrap.servers": f"127.0.0.1:{direct}", "acks": "all"})
        for i in range(20):
            producer.produce("routed", value=f"via-listeners-{i}".encode())
        assert producer.flush(30) == 0
        assert forwarder.connections == 0, "the producer was told PLAINTEXT's own address"

        messages = consume(f"127.0.0.1:{front}", "routed", 20, timeout=30)
        assert [m.value() for m in messages] == [f"via-listeners-{i}".encode() for i in range(20)]
        assert forwarder.connections >= 1, "the consumer never connected to FRONT's advertised address"

        listing = subprocess.run(["kcat", "-b", f"127.0.0.1:{front}", "-L", "-t", "routed"],
                                 check=True, timeout=30, capture_output=True).stdout.decode()
        assert f"at 127.0.0.1:{advertised}" in listing
    finally:
        forwarder.close()
        process.kill()
        process.wait(timeout=30)


def test_listeners_that_share_a_port_stop_the_broker_naming_the_property(tmp_path):
    config = tmp_path / "broker.properties"
    port = free_port()
    config.write_text(f"listeners=A://127.0.0.1:{port},B://localhost:{port}\n")
    result = subprocess.run([str(BINARY), "broker", "--data-dir", str(tmp_path / "data"), "--config", str(config)],
                            capture_output=True, timeout=30)
    assert result.returncode != 0
    assert f"line 1: listeners: port {port} is used by two listeners" in result.stderr.decode()
