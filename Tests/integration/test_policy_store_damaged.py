"""A damaged policy store (overwritten with garbage, cut short, emptied): `portcullis
gateway` and `portcullis dev` exit non-zero before any listener accepts a
connection, naming the file and what to do, rather than serve an empty
policy; authctl says the same."""
import shutil
import socket
import subprocess
import time

import pytest

from conftest import BrokerProcess
from gateway_fixtures import AUTHCTL, DevCluster, GatewayProcess, add_scram_user, stop_gateway

ADVICE = "restore it from a backup, or move it away and recreate the policy with authctl"


def overwrite_with_garbage(path):
    path.write_bytes(b"not a policy store, just bytes\n" * 256)


def cut_in_half(path):
    with open(path, "r+b") as database:
        database.truncate(path.stat().st_size // 2)


def cut_to_nothing(path):
    path.write_bytes(b"")


def accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def run_refused(command, ports, log_path, timeout=30):
    """Runs `command` until it exits (killed after `timeout`), probing `ports` all the while;
    returns its exit status, its output, and the ports that accepted a connection."""
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    accepted = set()
    deadline = time.monotonic() + timeout
    try:
        while process.poll() is None and time.monotonic() < deadline:
            accepted |= {port for port in ports if accepts(port)}
            time.sleep(0.02)
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
    return process.returncode, log_path.read_text(errors="replace"), accepted


@pytest.fixture(scope="module")
def provisioned(tmp_path_factory):
    """A gateway that ran once with a user in its store, then stopped: its configuration, data and store are real."""
    root = tmp_path_factory.mktemp("store")
    broker = BrokerProcess(root / "broker").start()
    gateway = GatewayProcess(root, broker, {"SASL_PLAINTEXT": "SASL_PLAINTEXT"}).start()
    add_scram_user(gateway.data_dir, "alice", "a damaged-store passphrase")
    stop_gateway(gateway)
    return gateway


@pytest.mark.parametrize("damage", [overwrite_with_garbage, cut_in_half, cut_to_nothing])
def test_the_gateway_refuses_a_damaged_store_by_name(provisioned, damage, tmp_path):
    data_dir = tmp_path / "gateway"
    shutil.copytree(provisioned.data_dir, data_dir)
    store = data_dir / "policy" / "policy.sqlite"
    damage(store)
    command = provisioned.command(provisioned.root / "gateway.properties")
    command[command.index("--data-dir") + 1] = str(data_dir)

    status, output, accepted = run_refused(command, provisioned.ports.values(), tmp_path / "gateway.log")
    assert status == 1, output
    assert f"the policy store {store} is " in output and ADVICE in output, output
    assert accepted == set(), "a listener accepted a connection"
    assert "gateway listening" not in output

    check = subprocess.run([str(AUTHCTL), "user", "list", "--data-dir", str(data_dir)],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 1
    assert f"the policy store {store} is " in check.stderr and ADVICE in check.stderr, check.stderr


def test_the_dev_cluster_refuses_a_damaged_store_by_name(tmp_path):
    cluster = DevCluster(tmp_path)
    store = cluster.data_dir / "policy" / "policy.sqlite"
    store.parent.mkdir(mode=0o700, parents=True)
    overwrite_with_garbage(store)
    store.chmod(0o600)
    try:
        # It exits before it says it is up (and before it binds a port: the store is opened first).
        with pytest.raises(AssertionError, match=r"was not ready \(exit status 1\)"):
            cluster.start()
    finally:
        if cluster.process.poll() is None:
            cluster.process.kill()
    output = cluster.log.text()
    assert f"the policy store {store} is not a readable" in output and ADVICE in output, output
