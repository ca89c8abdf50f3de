"""Resident memory per idle authenticated connection: opens N raw connections to a
gateway listener (of a gateway started for it, so that memory freed by earlier phases does
not hide the growth) (TLS + ApiVersions + SCRAM + Metadata, as a client that then sits
idle would), keeps them all open, and reads the gateway's and the broker's VmRSS
before and after (after a settling pause). The SCRAM clients cache SaltedPassword
(bench/common.py), so the loop is paced by the gateway, not by CPython's PBKDF2."""
import socket
import struct
import sys
import time
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/, for common.py from any directory
from common import BenchmarkError, salted_passwords_cached  # noqa: E402

API_VERSIONS, METADATA = 18, 3
SETTLE_SECONDS = 2.0


def resident_kib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise BenchmarkError(f"no VmRSS in /proc/{pid}/status")


def measure(wire_module, pids, port, ca, user, password, mechanism, metadata_body, count, budget_seconds):
    """Holds up to `count` authenticated connections open (fewer if `budget_seconds` runs out
    while opening them). Returns the figures, per connection in KiB."""
    def open_one():
        wire = wire_module.KafkaWire.connect(port, ca=ca)
        wire.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # else each request waits for a delayed ACK
        try:
            if struct.unpack(">h", wire.call(API_VERSIONS, 0)[:2])[0] != 0:
                raise BenchmarkError("ApiVersions failed")
            wire.scram_authenticate(user, password, mechanism)
            wire.call(METADATA, 1, metadata_body)
        except BaseException:
            wire.close()
            raise
        finally:
            wire_module.RESPONSES_READ.clear()  # the test helper keeps every frame; this loop needs none
        return wire

    wires = []
    with salted_passwords_cached():
        open_one().close()  # what the first connection sets up once (TLS context, upstream) is not per connection
        time.sleep(SETTLE_SECONDS)
        before = {name: resident_kib(pid) for name, pid in pids.items()}
        started = time.perf_counter()
        try:
            while len(wires) < count and time.perf_counter() - started < budget_seconds:
                wires.append(open_one())
            opening = time.perf_counter() - started
            time.sleep(SETTLE_SECONDS)
            held = {name: resident_kib(pid) for name, pid in pids.items()}
        finally:
            for wire in wires:
                wire.close()
    if not wires:
        raise BenchmarkError("no idle connection opened")
    return {"connections": len(wires), "opening_seconds": opening,
            **{f"{name}_before_mib": kib / 1024 for name, kib in before.items()},
            **{f"{name}_held_mib": kib / 1024 for name, kib in held.items()},
            **{f"{name}_kib_per_connection": (held[name] - before[name]) / len(wires) for name in pids}}
