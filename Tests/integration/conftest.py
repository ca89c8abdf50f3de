"""Fixtures that start real `portcullis broker` processes for the integration tests.

The binary comes from the debug build that scripts/test.sh makes first
(`PORTCULLIS_BIN` overrides it). Every broker listens on a free loopback port
and gets its own data directory; it is killed at the end of the test.
"""
import os
import pathlib
import signal
import socket
import subprocess
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = pathlib.Path(os.environ.get("PORTCULLIS_BIN", ROOT / ".build" / "debug" / "portcullis"))


# The ports of every upstream started in this run (brokers, and the gateways
# other gateways front): no response a client reads from a gateway may name one.
UPSTREAM_PORTS = set()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BrokerProcess:
    """One `portcullis broker` process over a data directory that outlives restarts."""

    def __init__(self, data_dir: pathlib.Path, extra_args=(), env=None):
        self.data_dir = data_dir
        self.port = free_port()
        UPSTREAM_PORTS.add(self.port)
        self.extra_args = list(extra_args)
        self.env = dict(os.environ, **(env or {}))
        self.process = None
        self.log_path = data_dir.parent / f"broker-{self.port}.log"

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout=30.0):
        assert BINARY.exists(), f"{BINARY} is missing: build with `swift build` first"
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [str(BINARY), "broker", "--listen", self.bootstrap, "--data-dir", str(self.data_dir), *self.extra_args],
            stdout=log, stderr=subprocess.STDOUT, env=self.env,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"broker exited with {self.process.returncode}:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"broker did not listen within {timeout}s:\n{self.log()}")

    def kill(self, sig=signal.SIGKILL):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(timeout=30)

    def restart(self):
        self.kill(signal.SIGTERM)
        return self.start()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
def broker_factory(tmp_path):
    started = []

    def make(name="data", extra_args=(), env=None):
        broker = BrokerProcess(tmp_path / name, extra_args, env)
        started.append(broker)
        return broker.start()

    yield make
    for broker in started:
        broker.kill()


@pytest.fixture
def broker(broker_factory):
    return broker_factory()


@pytest.fixture(scope="session", autouse=True)
def no_response_names_an_upstream():
    """After the run: every response the raw wire client read from a gateway
    is searched for the address of any upstream started in the run (real
    clients' traffic is searched by test_gateway_upstream_addresses.py)."""
    yield
    from gateway_wire import RESPONSES_READ
    from upstream_leaks import find_upstream_host_ports

    leaks = [(port, found) for port, frame in RESPONSES_READ if port not in UPSTREAM_PORTS
             for found in find_upstream_host_ports(frame, UPSTREAM_PORTS)]
    assert not leaks, f"upstream addresses reached clients in {len(leaks)} places: {leaks[:10]}"
