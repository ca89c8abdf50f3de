#!/usr/bin/env python3
"""What segment encryption costs the embedded broker in throughput.

For each round, and alternating which mode goes first, starts a fresh
`portcullis broker` (free loopback port, fresh data directory) once with
encryption switched off (`encryption.disabled.for.benchmarks.only=true`, the
baseline) and once encrypted (local KMS, development root key), and in each:
  1. produces N records of 1 KiB with confluent-kafka, acks=1, and times until
     every record is delivered;
  2. consumes them all with a fresh consumer and times that, --consume-repeats
     times (each with a new consumer), keeping the repeat of median throughput
     (one consume takes only seconds, so a single one moves with the load);
  3. produces N more to a second topic with acks=all (each produce waits for
     an fsync) and times that.
A produce phase stops early at its time budget and is measured over what was
delivered; the consumer must read all of it within three budgets or the run
fails. Data directories go under $TMPDIR (keep it on a real disk: acks=all
measures fsync). Afterwards the segment files are searched for a produced value: it
must be there in the baseline and absent when encrypted, or the run fails
(the two modes would not differ the way the comparison assumes).

Prints per phase and mode the median (and range) of MB/s (10^6 bytes of record
values), records/s, the CPU seconds the broker and this client spent, and the
broker's CPU seconds per GB (10^9 bytes of values), then the ratio encrypted /
baseline, and each mode's peak broker resident memory. Two ratios: of the
medians over rounds, and the median of each round's own ratio (the two modes
run back to back in a round, so that one follows the machine's load as it
drifts); the verdict needs both. Client and broker share
the machine's cores, so wall-clock throughput also reflects the client's own
CPU and whatever else runs; broker CPU per GB depends far less on that load.

Usage: throughput.py --binary PATH [--records N] [--rounds N] [--phase-seconds S]
                     [--consume-repeats N] [--broker-env NAME=VALUE ...]
"""
import argparse
import ctypes
import mmap
import os
import pathlib
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from confluent_kafka.admin import AdminClient, NewTopic

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/, for common.py from any directory
from common import (BenchmarkError, client_cpu_seconds, consume_records, load_average, make_payloads,
                    peak_resident_mib, process_cpu_seconds, produce_records, spread)

MODES = ("plaintext-baseline", "encrypted")
PHASES = ("produce acks=1", "consume", "produce acks=all")
MODE_PROPERTIES = {
    "plaintext-baseline": "encryption.disabled.for.benchmarks.only=true\n",
    "encrypted": "encryption.kms=local\n",
}
TARGET_RATIO = 0.90
PROBE_BYTES = 64


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path, help="the release-built portcullis binary")
    parser.add_argument("--records", type=int, default=1_000_000, help="records per produce phase (default 1000000)")
    parser.add_argument("--record-bytes", type=int, default=1024, help="value size (default 1024)")
    parser.add_argument("--rounds", type=int, default=5, help="runs per mode; medians are reported (default 5)")
    parser.add_argument("--phase-seconds", type=float, default=10.0, help="time budget of each phase (default 10)")
    parser.add_argument("--consume-repeats", type=int, default=3,
                        help="consumes per round, the median one kept (default 3)")
    parser.add_argument("--broker-env", action="append", default=[], metavar="NAME=VALUE",
                        help="set in the broker's environment only, e.g. GLIBC_TUNABLES=... (repeatable)")
    arguments = parser.parse_args()
    if not arguments.binary.is_file():
        parser.error(f"{arguments.binary} is not a file")
    if arguments.records < 1 or arguments.rounds < 1 or arguments.record_bytes < PROBE_BYTES:
        parser.error(f"--records and --rounds must be positive, --record-bytes at least {PROBE_BYTES}")
    if any("=" not in setting for setting in arguments.broker_env):
        parser.error("--broker-env takes NAME=VALUE")
    arguments.broker_env = dict(setting.split("=", 1) for setting in arguments.broker_env)
    return arguments


# Broker process ---------------------------------------------------------------

def free_loopback_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def die_with_parent():
    """Runs in the child before exec: the kernel kills the broker if this script dies, even by SIGKILL."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Broker:
    """One `portcullis broker` over its own data directory; stop() always ends it."""

    def __init__(self, binary, mode, workspace, extra_environment):
        self.port = free_loopback_port()
        self.data_dir = workspace / "data"
        self.log_path = workspace / "broker.log"
        config = workspace / "broker.properties"
        config.write_text(MODE_PROPERTIES[mode])
        # The encrypted mode uses the development root key generated under DATA/keys.
        environment = {name: value for name, value in os.environ.items() if name != "PORTCULLIS_ROOT_KEY"}
        environment.update(extra_environment)
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [str(binary), "broker", "--listen", self.bootstrap, "--data-dir", str(self.data_dir), "--config", str(config)],
                stdout=log, stderr=subprocess.STDOUT, env=environment, preexec_fn=die_with_parent,
            )

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.port}"

    def wait_until_listening(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchmarkError(f"broker exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise BenchmarkError(f"broker did not listen within {timeout:.0f}s:\n{self.log_tail()}")

    def segment_files(self, topic):
        return sorted((self.data_dir / "logs" / f"{topic}-0").glob("*.log"))

    def stop(self):
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log_tail(self, lines=30):
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


# Phases -----------------------------------------------------------------------

class Meter:
    """Wall time and the CPU of both broker and this client over one phase."""

    def __init__(self, broker):
        self.pid = broker.process.pid

    def __enter__(self):
        self.broker_cpu = process_cpu_seconds(self.pid)
        self.client_cpu = client_cpu_seconds()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exception):
        self.seconds = time.perf_counter() - self.started
        self.broker_cpu = process_cpu_seconds(self.pid) - self.broker_cpu
        self.client_cpu = client_cpu_seconds() - self.client_cpu

    def result(self, records, value_bytes):
        return {
            "records": records, "seconds": self.seconds,
            "mb_per_s": value_bytes / self.seconds / 1e6, "records_per_s": records / self.seconds,
            "broker_cpu": self.broker_cpu, "client_cpu": self.client_cpu,
            "broker_cpu_per_gb": self.broker_cpu / (value_bytes / 1e9) if value_bytes else float("nan"),
        }


def create_topic(bootstrap, topic):
    admin = AdminClient({"bootstrap.servers": bootstrap, "log_level": 4})  # no notice about its unserved queue at exit
    for future in admin.create_topics([NewTopic(topic, 1, 1)]).values():
        future.result(15)


def produce(broker, topic, payloads, count, acks, budget):
    meter = Meter(broker)
    settings = {"bootstrap.servers": broker.bootstrap, "acks": acks, "queue.buffering.max.messages": count}
    delivered = produce_records(settings, topic, payloads, count, budget, max(budget, 30.0), meter)
    return meter.result(delivered, delivered * len(payloads[0]))


def consume(broker, topic, payloads, count, budget):
    meter = Meter(broker)
    received, value_bytes = consume_records({"bootstrap.servers": broker.bootstrap}, topic, payloads, count, budget, meter)
    return meter.result(received, value_bytes)


def check_segments(broker, topic, mode, probe):
    """The baseline stores the probe (a produced value's prefix) verbatim; encrypted segments must not."""
    files = broker.segment_files(topic)
    if not files:
        raise BenchmarkError(f"no segment files for {topic} under {broker.data_dir}")
    found = False
    for path in files:
        with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as contents:
            found = found or contents.find(probe) >= 0
    if found != (mode == "plaintext-baseline"):
        state = "holds" if found else "does not hold"
        raise BenchmarkError(f"{mode}: the segments of {topic} {state} a produced value in plaintext")


def run_once(arguments, mode, payloads):
    """One fresh broker in `mode` through all three phases; returns {phase: result}."""
    with tempfile.TemporaryDirectory(prefix=f"portcullis-bench-{mode}-") as workspace:
        broker = Broker(arguments.binary, mode, pathlib.Path(workspace), arguments.broker_env)
        try:
            broker.wait_until_listening()
            create_topic(broker.bootstrap, "bench-acks1")
            create_topic(broker.bootstrap, "bench-acksall")
            results = {}
            results["produce acks=1"] = produce(broker, "bench-acks1", payloads, arguments.records, "1", arguments.phase_seconds)
            produced = results["produce acks=1"]["records"]
            repeats = [consume(broker, "bench-acks1", payloads, produced, arguments.phase_seconds * 3)
                       for _ in range(arguments.consume_repeats)]
            results["consume"] = sorted(repeats, key=lambda run: run["mb_per_s"])[len(repeats) // 2]
            results["produce acks=all"] = produce(broker, "bench-acksall", payloads, arguments.records, "all", arguments.phase_seconds)
            check_segments(broker, "bench-acks1", mode, payloads[0][:PROBE_BYTES])
            results["peak_resident_mib"] = peak_resident_mib(broker.process.pid)
            return results
        except Exception:
            print(f"--- broker log ({mode}) ---\n{broker.log_tail()}", file=sys.stderr)
            raise
        finally:
            broker.stop()


# Report -----------------------------------------------------------------------

def median_cell(runs, key, digits):
    return spread([run[key] for run in runs], digits)


def report(results, arguments):
    print(f"\n{arguments.records} records x {arguments.record_bytes} B per produce phase, {arguments.rounds} rounds per mode;")
    print("median (min-max); MB = 10^6 bytes of record values; CPU = seconds used during the phase\n")
    header = (f"{'phase':<17} {'mode':<19} {'MB/s':>20} {'records/s':>26} {'broker CPU s':>20} {'client CPU s':>20}"
              f" {'broker CPU s/GB':>20}")
    print(header)
    print("-" * len(header))
    for phase in PHASES:
        for mode in MODES:
            runs = [run[phase] for run in results[mode]]
            print(f"{phase:<17} {mode:<19} {median_cell(runs, 'mb_per_s', 1):>20} "
                  f"{median_cell(runs, 'records_per_s', 0):>26} {median_cell(runs, 'broker_cpu', 2):>20} "
                  f"{median_cell(runs, 'client_cpu', 2):>20} {median_cell(runs, 'broker_cpu_per_gb', 2):>20}")
    print(f"\nratio encrypted / plaintext-baseline (target: throughput ratio >= {TARGET_RATIO:.2f}): of the medians, "
          "and the median of the rounds' own ratios\n")
    print(f"{'phase':<17} {'MB/s':>8} {'records/s':>10} {'broker CPU':>11} {'CPU s/GB':>9} {'MB/s, per round':>16}  verdict")
    for phase in PHASES:
        medians = {mode: {key: statistics.median(run[phase][key] for run in results[mode])
                          for key in ("mb_per_s", "records_per_s", "broker_cpu", "broker_cpu_per_gb")} for mode in MODES}
        ratio = {key: quotient(medians["encrypted"][key], medians["plaintext-baseline"][key]) for key in medians["encrypted"]}
        paired = statistics.median(quotient(encrypted[phase]["mb_per_s"], baseline[phase]["mb_per_s"])
                                   for encrypted, baseline in zip(results["encrypted"], results["plaintext-baseline"]))
        both = (ratio["mb_per_s"], paired)
        if min(both) >= TARGET_RATIO:
            verdict = f"within target (costs {1 - min(both):+.1%} at most)"
        elif max(both) < TARGET_RATIO:
            verdict = f"OVER target (costs {1 - max(both):+.1%} at least)"
        else:
            verdict = "unclear: the two ratios disagree"
        print(f"{phase:<17} {ratio['mb_per_s']:>8.3f} {ratio['records_per_s']:>10.3f} {ratio['broker_cpu']:>11.3f}"
              f" {ratio['broker_cpu_per_gb']:>9.3f} {paired:>16.3f}  {verdict}")
    peaks = ", ".join(f"{mode} {spread([run['peak_resident_mib'] for run in results[mode]], 0)}" for mode in MODES)
    print(f"\npeak broker resident memory, MiB, median (min-max): {peaks}")


def quotient(numerator, denominator):
    """A ratio, NaN when the baseline measured nothing (a phase too short for the CPU clock's ticks)."""
    return numerator / denominator if denominator else float("nan")


def main():
    arguments = parse_arguments()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the brokers
    payloads = make_payloads(arguments.record_bytes)
    print(f"portcullis broker throughput: {arguments.binary}")
    print(f"cores: {os.cpu_count()} (shared by this client, librdkafka's threads and the broker)")
    print(f"load average before: {load_average()}")
    if arguments.broker_env:
        print(f"broker environment: {' '.join(f'{name}={value}' for name, value in arguments.broker_env.items())}")
    results = {mode: [] for mode in MODES}
    for round_number in range(arguments.rounds):
        order = MODES if round_number % 2 == 0 else tuple(reversed(MODES))
        for mode in order:
            run = run_once(arguments, mode, payloads)
            results[mode].append(run)
            summary = ", ".join(f"{phase} {run[phase]['mb_per_s']:.1f} MB/s" for phase in PHASES)
            print(f"round {round_number + 1} {mode:<19} {summary} (load {load_average()})", flush=True)
    report(results, arguments)
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    try:
        main()
    except BenchmarkError as error:
        sys.exit(f"benchmark failed: {error}")
