"""What one phase of a gateway benchmark costs each process, read from /proc: wall
time, CPU seconds (utime + stime, exited threads included), how long the
processes' threads waited for a core, and their peak resident sets."""
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/, for common.py from any directory
from common import client_cpu_seconds, peak_resident_mib, process_cpu_seconds  # noqa: E402


def reset_peak_resident(pid):
    """Starts the process's VmHWM (peak_resident_mib) again from its current resident set (proc(5): clear_refs)."""
    pathlib.Path(f"/proc/{pid}/clear_refs").write_text("5")


def run_queue_waits(pid):
    """Per thread, the nanoseconds it has spent runnable but waiting for a CPU (/proc/PID/task/*/schedstat)."""
    waits = {}
    for stat in pathlib.Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            waits[stat.parent.name] = int(stat.read_text().split()[1])
        except (FileNotFoundError, ProcessLookupError):
            pass  # the thread ended meanwhile (stunnel's threads come and go with its connections)
    return waits


def measured_pids(processes):
    """{name: pid} from a dict of them, or from a GatewayProcess: "gateway" and its "broker"."""
    if isinstance(processes, dict):
        return dict(processes)
    return {"gateway": processes.process.pid, "broker": processes.broker.process.pid}


class Meter:
    """Over one phase (a `with` block): wall time, the CPU of each named process and of
    this client (Python and librdkafka's threads), how long the processes' threads
    waited for a CPU, and their peak resident sets. `processes` is {name: pid} or a
    GatewayProcess (then "gateway" and "broker")."""

    def __init__(self, processes):
        self.pids = measured_pids(processes)

    def _cpu(self):
        return {**{name: process_cpu_seconds(pid) for name, pid in self.pids.items()}, "client": client_cpu_seconds()}

    def _waits(self):
        return {name: run_queue_waits(pid) for name, pid in self.pids.items()}

    def __enter__(self):
        for pid in self.pids.values():
            reset_peak_resident(pid)
        self.cpu = self._cpu()
        self.waits = self._waits()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exception):
        self.seconds = time.perf_counter() - self.started
        self.cpu = {name: seconds - self.cpu[name] for name, seconds in self._cpu().items()}
        # Threads that ended during the phase are left out; threads that began count from zero.
        self.waits = {name: sum(ns - self.waits[name].get(tid, 0) for tid, ns in threads.items()) / 1e9
                      for name, threads in self._waits().items()}
        self.peaks = {name: peak_resident_mib(pid) for name, pid in self.pids.items()}

    def result(self, **figures):
        return {"seconds": self.seconds, **{f"{name}_cpu": seconds for name, seconds in self.cpu.items()},
                **{f"{name}_wait": seconds for name, seconds in self.waits.items()},
                **{f"{name}_peak_mib": mib for name, mib in self.peaks.items()}, **figures}
