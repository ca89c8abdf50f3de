#!/usr/bin/env python3
"""What the gateway costs a client, against the same broker reached directly.

Starts one `portcullis broker` (encrypted segments, local KMS, as shipped) and
one `portcullis gateway` in front of it with a SASL_SSL listener (SCRAM-SHA-512
over TLS; CA, server certificate and user made with `authctl`) and a
SASL_PLAINTEXT one, all kept for the whole run, all on loopback. Then, in
rounds that alternate which path goes first, runs on each path ("direct":
plaintext to the broker; "gateway": SCRAM over TLS through the gateway, the
path the targets are about; "gateway-plain": SCRAM without TLS through the
gateway, which splits the gateway's cost into TLS and the rest) with
confluent-kafka and 1 KiB records:
  1. produce acks=1 throughput, to a fresh topic, for N records or the phase's
     time budget (measured over what was delivered);
  2. consume throughput: all of that topic with a fresh consumer;
  3. produce acks=all throughput (each produce waits for the broker's fsync);
  4. produce latency at fixed rates (acks=1, linger.ms=0, so each record is
     its own request; by default 1,000/s, a moderate load for this machine,
     and 2,000/s, where client, gateway and broker keep ~55 % of it busy): each
     record's time from produce() to its delivery report, after a warm-up.
     Both paths' producers stay connected and take one-second turns, so the
     two see the same moments of the machine's load (the tail moves with it
     from minute to minute);
  5. new connections: a loop of short-lived raw clients. Through the gateway
     each does TCP + TLS handshake + ApiVersions + SCRAM-SHA-512 + Metadata;
     directly, TCP + ApiVersions + Metadata (the floor). Each Metadata answer
     must name the port the client connected to.
Every client disables Nagle's algorithm (librdkafka's socket.nagle.disable),
on every path. Processes, authctl and the raw client come from the
integration tests' Tests/integration/gateway_fixtures.py and gateway_wire.py
(pytest must be installed: scripts/install-test-deps.sh).

Prints per phase and path the median (and range) over rounds, the CPU seconds
the gateway, the broker and this client (Python and librdkafka's threads) used
during the phase (from /proc), for the latency phases also how long the
gateway's and the broker's threads waited for a core, then gateway / direct
ratios against the targets: throughput >= 80 % of direct, <= 1 ms added p99
latency. The machine is shared: wall-clock figures move with its load (printed
at start, per round and at the end); CPU seconds per GB or per connection
depend far less on it.

Before and after a change to the gateway: --baseline-binary PATH (an older
build of portcullis, its own authctl beside it) starts a second gateway from it
in front of the same broker, with the same listeners, settings and user, over
its own data directory made with its own authctl, and adds a fourth path,
"gateway-before" (SCRAM over TLS through it), run next to "gateway" in every
phase and latency turn, its CPU figures from its own process. The report then
adds gateway / gateway-before: MB/s and gateway CPU s/GB per throughput phase,
p50/p99 and gateway CPU per request at each rate, connections/s and gateway
CPU ms per connection, and a verdict: no loss when every throughput ratio
(MB/s and connections/s) is >= 0.95 and no p99 rose by more than
gateway-before's own p99 moved between rounds (so it takes 2 rounds or more).

Usage: throughput.py --binary PATH [--baseline-binary PATH] [--rounds N] [--records N] [--phase-seconds S]
                     [--latency-rates R,R] [--latency-seconds S] [--connections N]
"""
import argparse
import base64
import contextlib
import math
import operator
import os
import pathlib
import signal
import socket
import statistics
import struct
import sys
import tempfile
import threading
import time

from confluent_kafka import Producer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/, for common.py from any directory
from common import (BenchmarkError, client_cpu_seconds, consume_records, load_average, make_payloads,
                    peak_resident_mib, process_cpu_seconds, produce_records, salted_passwords_cached, spread)

PATHS = ("direct", "gateway", "gateway-plain")
BEFORE = "gateway-before"  # with --baseline-binary, run next to "gateway"
TARGET_BEFORE_RATIO = 0.95
THROUGHPUT_PHASES = ("produce acks=1", "consume", "produce acks=all")
PHASES = (*THROUGHPUT_PHASES, "connections")  # besides one latency phase per rate
TARGET_RATIO = 0.80
TARGET_ADDED_P99_MS = 1.0
USER = "bench"
MECHANISM = "SCRAM-SHA-512"
LATENCY_WARMUP_SECONDS = 1.0
API_VERSIONS, METADATA = 18, 3


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path,
                        help="the release-built portcullis binary (authctl must be next to it)")
    parser.add_argument("--baseline-binary", type=pathlib.Path,
                        help="an older release-built portcullis (authctl next to it) to compare the gateway with")
    parser.add_argument("--rounds", type=int, default=3, help="runs per path; medians are reported (default 3)")
    parser.add_argument("--records", type=int, default=500_000, help="records per produce phase (default 500000)")
    parser.add_argument("--record-bytes", type=int, default=1024, help="value size (default 1024)")
    parser.add_argument("--phase-seconds", type=float, default=8.0, help="time budget of a produce phase (default 8)")
    parser.add_argument("--latency-rates", type=lambda text: [int(rate) for rate in text.split(",")], default=[1000, 2000],
                        help="records/s of each latency phase, comma-separated (default 1000,2000)")
    parser.add_argument("--latency-seconds", type=float, default=10.0,
                        help=f"latency phase seconds per path, after a {LATENCY_WARMUP_SECONDS:.0f} s warm-up (default 10)")
    parser.add_argument("--connections", type=int, default=200, help="short-lived clients per connection phase (default 200)")
    arguments = parser.parse_args()
    for binary in filter(None, (arguments.binary, arguments.baseline_binary)):
        if not binary.is_file():
            parser.error(f"{binary} is not a file")
        if not (binary.parent / "authctl").is_file():
            parser.error(f"no authctl next to {binary}")
    if min(arguments.rounds, arguments.records, arguments.record_bytes, *arguments.latency_rates, arguments.connections) < 1:
        parser.error("--rounds, --records, --record-bytes, --latency-rates and --connections must be positive")
    if arguments.phase_seconds <= 0 or arguments.latency_seconds <= 0:
        parser.error("--phase-seconds and --latency-seconds must be positive")
    return arguments


def import_fixtures(binary):
    """The integration tests' process fixtures and raw Kafka client, pointed at `binary` and its authctl."""
    os.environ["PORTCULLIS_BIN"] = str(binary)
    os.environ["AUTHCTL_BIN"] = str(binary.parent / "authctl")
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Tests" / "integration"))
    global gateway_fixtures, gateway_wire
    import gateway_fixtures
    import gateway_wire


@contextlib.contextmanager
def fixtures_using(binary):
    """Points the fixtures' portcullis and authctl at `binary` and the authctl next to it while the block runs."""
    saved = gateway_fixtures.BINARY, gateway_fixtures.AUTHCTL
    gateway_fixtures.BINARY, gateway_fixtures.AUTHCTL = binary, binary.parent / "authctl"
    try:
        yield
    finally:
        gateway_fixtures.BINARY, gateway_fixtures.AUTHCTL = saved


# Processes and measurement -----------------------------------------------------

def reset_peak_resident(pid):
    """Starts the process's VmHWM (peak_resident_mib) again from its current resident set (proc(5): clear_refs)."""
    pathlib.Path(f"/proc/{pid}/clear_refs").write_text("5")


def run_queue_waits(pid):
    """Per thread, the nanoseconds it has spent runnable but waiting for a CPU (/proc/PID/task/*/schedstat)."""
    waits = {}
    for stat in pathlib.Path(f"/proc/{pid}/task").glob("*/schedstat"):
        try:
            waits[stat.parent.name] = int(stat.read_text().split()[1])
        except FileNotFoundError:
            pass  # the thread ended meanwhile
    return waits


class Meter:
    """Over one phase: wall time, the CPU of `gateway`, its broker and this client, how
    long the gateway's and the broker's threads waited for a CPU, and their peak resident sets."""

    def __init__(self, gateway):
        self.pids = {"gateway": gateway.process.pid, "broker": gateway.broker.process.pid}

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


def throughput(meter, records, value_bytes):
    gigabytes = value_bytes / 1e9
    return meter.result(
        records=records, mb_per_s=value_bytes / meter.seconds / 1e6, records_per_s=records / meter.seconds,
        **{f"{name}_cpu_per_gb": seconds / gigabytes for name, seconds in meter.cpu.items()},
    )


# Throughput and latency phases with confluent-kafka ------------------------------

def produce(gateway, settings, topic, payloads, count, acks, budget):
    meter = Meter(gateway)
    # A bounded queue, so the phase ends soon after its budget.
    bounded = {**settings, "acks": acks, "queue.buffering.max.messages": min(count, 100_000)}
    delivered = produce_records(bounded, topic, payloads, count, budget, 30.0, meter)
    return throughput(meter, delivered, delivered * len(payloads[0]))


def consume(gateway, settings, topic, payloads, count, budget):
    meter = Meter(gateway)
    received, value_bytes = consume_records(settings, topic, payloads, count, budget, meter)
    return throughput(meter, received, value_bytes)


class PacedProducer:
    """A producer (acks=1, linger.ms=0) that sends at a fixed rate in turns and times each
    record from produce() to its delivery report. The sending thread sleeps between sends
    while another serves the reports as they arrive (confluent-kafka's poll() takes whole
    milliseconds: polling between sends 0.5 ms apart would spin a core the gateway and the
    broker need)."""

    def __init__(self, settings, topic, payloads):
        self.producer = Producer({**settings, "acks": "1", "linger.ms": 0, "compression.type": "none"})
        self.producer.list_topics(topic, timeout=10)  # connection, authentication and metadata first
        self.topic = topic
        self.payloads = payloads
        self.latencies = []
        self.failures = []
        self.sent = self.reported = 0
        self.sending_seconds = 0.0
        self.stopping = threading.Event()
        self.reporter = threading.Thread(target=self._serve_reports, daemon=True)
        self.reporter.start()

    def _serve_reports(self):
        while not self.stopping.is_set():
            self.producer.poll(0.05)

    def _on_delivery(self, sent_at, timed):
        def record(error, _message):
            self.reported += 1
            if error is not None:
                self.failures.append(error)
            elif timed:
                self.latencies.append(time.perf_counter() - sent_at)
        return record

    def send(self, rate, seconds, timed=True):
        started = time.perf_counter()
        for index in range(int(rate * seconds)):
            delay = started + index / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            self.producer.produce(self.topic, self.payloads[self.sent % len(self.payloads)], partition=0,
                                  on_delivery=self._on_delivery(time.perf_counter(), timed))
            self.sent += 1
        if timed:
            self.sending_seconds += time.perf_counter() - started

    def finish(self, timeout=30.0):
        """Waits for every report; returns (p50, p99) in ms of the timed records."""
        deadline = time.perf_counter() + timeout
        while self.reported < self.sent and time.perf_counter() < deadline:
            time.sleep(0.01)
        self.stop()
        if self.failures or self.reported < self.sent:
            raise BenchmarkError(f"{len(self.failures)} records failed ({self.failures[:3]}), "
                                 f"{self.sent - self.reported} unreported after {timeout:.0f} s")
        percentiles = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return percentiles[49] * 1e3, percentiles[98] * 1e3

    def stop(self):
        self.stopping.set()
        self.reporter.join()


def add_turn(totals, turn):
    """Sums one turn's figures into a path's totals; peaks take the larger."""
    for key, value in turn.items():
        combine = max if key.endswith("_peak_mib") else operator.add
        totals[key] = combine(totals[key], value) if key in totals else value


def measure_latency(paths, round_number, payloads, rate, seconds, first):
    """Every path at `rate` records/s, taking one-second turns (`first` starts each round
    every other turn), so all sample the same moments of a shared machine's load; each
    path's CPU figures are summed over its own turns. Returns {path: result}."""
    producers = {}
    try:
        for path in paths.names:
            topic = f"bench-{round_number}-{path}-latency-{rate}"
            gateway_fixtures.create_topic(paths.settings["direct"], topic)
            producers[path] = PacedProducer(paths.settings[path], topic, payloads)
            producers[path].send(rate, LATENCY_WARMUP_SECONDS, timed=False)
        totals = {path: {} for path in paths.names}
        pair = (first, *(path for path in paths.names if path != first))
        for turn in range(math.ceil(seconds)):
            for path in pair if turn % 2 == 0 else reversed(pair):
                with Meter(paths.gateway[path]) as meter:
                    producers[path].send(rate, 1.0)
                add_turn(totals[path], meter.result())
        results = {}
        for path, producer in producers.items():
            p50, p99 = producer.finish()
            results[path] = {**totals[path], "p50_ms": p50, "p99_ms": p99, "records": len(producer.latencies),
                             "achieved_rate": len(producer.latencies) / producer.sending_seconds}
        return results
    finally:
        for producer in producers.values():
            producer.stop()


# Connection phase with a raw client ----------------------------------------------

def metadata_request(topic):
    """Metadata v1 for one topic."""
    return struct.pack(">i", 1) + gateway_wire.kafka_string(topic)


def first_broker_port(metadata_v1_body):
    """The port of the first broker in a Metadata v1 response body."""
    count, _node_id, host_length = struct.unpack(">iih", metadata_v1_body[:10])
    if count < 1:
        raise BenchmarkError("a Metadata answer without brokers")
    return struct.unpack(">i", metadata_v1_body[10 + host_length:14 + host_length])[0]


def short_lived_client(port, topic, ca=None, password=None):
    """One connection: [TLS,] ApiVersions, [SCRAM,] Metadata, close."""
    wire = gateway_wire.KafkaWire.connect(port, ca=ca)
    # As the librdkafka clients here: with Nagle's algorithm each request after the TLS handshake waited ~40 ms.
    wire.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        api_versions = wire.call(API_VERSIONS, 0)
        if struct.unpack(">h", api_versions[:2])[0] != 0:
            raise BenchmarkError("ApiVersions failed")
        if password is not None:
            wire.scram_authenticate(USER, password, MECHANISM)  # fails on a refusal or a wrong server signature
        advertised = first_broker_port(wire.call(METADATA, 1, metadata_request(topic)))
        if advertised != port:
            raise BenchmarkError(f"Metadata through port {port} advertised port {advertised}")
    finally:
        wire.close()


def open_connections(gateway, port, topic, count, ca=None, password=None):
    with salted_passwords_cached(), Meter(gateway) as meter:
        for _ in range(count):
            short_lived_client(port, topic, ca, password)
    return meter.result(
        connections_per_s=count / meter.seconds,
        gateway_cpu_ms=meter.cpu["gateway"] / count * 1e3, broker_cpu_ms=meter.cpu["broker"] / count * 1e3,
        client_cpu_ms=meter.cpu["client"] / count * 1e3,
    )


# Runs ------------------------------------------------------------------------------

class Paths:
    """Client settings, connection details and the gateway process (the one measured) of each
    path to the one broker; with a `baseline` gateway also BEFORE, SCRAM over TLS through it."""

    def __init__(self, cluster, password, baseline=None):
        # Nagle's algorithm off, as latency-minded librdkafka users set it (its default leaves it on,
        # which holds small requests behind delayed ACKs on either path).
        common = {"broker.address.family": "v4", "socket.nagle.disable": True, "log_level": 4}
        self.settings = {
            "direct": {**common, "bootstrap.servers": cluster.broker.bootstrap},
            "gateway": {**common, **cluster.scram("SASL_SSL", USER, password, MECHANISM)},
            "gateway-plain": {**common, **cluster.scram("SASL_PLAINTEXT", USER, password, MECHANISM)},
        }
        self.connection = {
            "direct": {"port": cluster.broker.port},
            "gateway": {"port": cluster.ports["SASL_SSL"], "ca": cluster.ca, "password": password},
            "gateway-plain": {"port": cluster.ports["SASL_PLAINTEXT"], "password": password},
        }
        self.gateway = dict.fromkeys(PATHS, cluster)
        self.names = PATHS
        if baseline is not None:
            self.settings[BEFORE] = {**common, **baseline.scram("SASL_SSL", USER, password, MECHANISM)}
            self.connection[BEFORE] = {"port": baseline.ports["SASL_SSL"], "ca": baseline.ca, "password": password}
            self.gateway[BEFORE] = baseline
            self.names = ("direct", "gateway", BEFORE, "gateway-plain")  # alternating rounds keep the two side by side


def run_once(arguments, paths, path, round_number, payloads):
    """The throughput and connection phases over one path; returns {phase: result}."""
    topics = {phase: f"bench-{round_number}-{path}-{index}" for index, phase in enumerate(PHASES)}
    for topic in topics.values():
        gateway_fixtures.create_topic(paths.settings["direct"], topic)
    gateway, settings = paths.gateway[path], paths.settings[path]
    budget = arguments.phase_seconds
    results = {}
    results["produce acks=1"] = produce(gateway, settings, topics["produce acks=1"], payloads, arguments.records, "1", budget)
    produced = results["produce acks=1"]["records"]
    results["consume"] = consume(gateway, settings, topics["produce acks=1"], payloads, produced, budget * 3)
    results["produce acks=all"] = produce(gateway, settings, topics["produce acks=all"], payloads, arguments.records, "all", budget)
    results["connections"] = open_connections(gateway, topic=topics["connections"], count=arguments.connections,
                                              **paths.connection[path])
    return results


def add_bench_user(gateway, password):
    """The SCRAM-SHA-512 user, known to the running gateway."""
    gateway_fixtures.add_scram_user(gateway.data_dir, USER, password, mechanisms=(MECHANISM,))


# Report ----------------------------------------------------------------------------

def latency_phases(arguments):
    return [f"latency {rate}/s" for rate in arguments.latency_rates]


def medians(results, phase, key):
    return {path: statistics.median(run[phase][key] for run in runs) for path, runs in results.items()}


def table(results, phase_names, columns):
    header = f"{'phase':<17} {'path':<14}" + "".join(f" {title:>{width}}" for title, _, _, width in columns)
    print(header)
    print("-" * len(header))
    for phase in phase_names:
        for path, runs in results.items():
            cells = "".join(f" {spread([run[phase][key] for run in runs], digits):>{width}}"
                            for _, key, digits, width in columns)
            print(f"{phase:<17} {path:<14}{cells}")


def report(results, arguments):
    rounds = arguments.rounds
    print(f"\n{rounds} rounds per path, alternating which goes first; median (min-max) over rounds.")
    print("MB = 10^6 bytes of record values; CPU = seconds the process used during the phase.\n")
    print(f"Throughput: up to {arguments.records} records x {arguments.record_bytes} B per produce phase "
          f"(or {arguments.phase_seconds:.0f} s), then all of them consumed\n")
    cpu_columns = [("gateway CPU s", "gateway_cpu", 2, 18), ("broker CPU s", "broker_cpu", 2, 18),
                   ("client CPU s", "client_cpu", 2, 18)]
    table(results, THROUGHPUT_PHASES, [("MB/s", "mb_per_s", 1, 18), ("records/s", "records_per_s", 0, 24), *cpu_columns,
                                       ("gateway CPU s/GB", "gateway_cpu_per_gb", 2, 18),
                                       ("broker CPU s/GB", "broker_cpu_per_gb", 2, 18),
                                       ("client CPU s/GB", "client_cpu_per_gb", 2, 18)])
    print(f"\nLatency: {', '.join(map(str, arguments.latency_rates))} records/s, {arguments.latency_seconds:.0f} s per "
          "path and rate in one-second turns, acks=1, linger.ms=0, produce() to delivery report\n")
    table(results, latency_phases(arguments), [("p50 ms", "p50_ms", 2, 18), ("p99 ms", "p99_ms", 2, 18),
                                  ("sent/s", "achieved_rate", 0, 18), *cpu_columns,
                                  ("gateway CPU wait s", "gateway_wait", 2, 20), ("broker CPU wait s", "broker_wait", 2, 20)])
    print("(CPU wait: time the process's threads were runnable but waited for a core, from /proc/PID/task/*/schedstat)")
    print(f"\nConnections: {arguments.connections} short-lived clients one after another; direct = TCP + ApiVersions + "
          "Metadata, gateway = TCP + TLS + ApiVersions + SCRAM-SHA-512 + Metadata\n")
    table(results, ("connections",), [("connections/s", "connections_per_s", 0, 18),
                                      ("gateway CPU ms/conn", "gateway_cpu_ms", 2, 20),
                                      ("broker CPU ms/conn", "broker_cpu_ms", 2, 20),
                                      ("client CPU ms/conn", "client_cpu_ms", 2, 20)])

    print(f"\nGateway / direct (medians; target: throughput >= {TARGET_RATIO:.0%} of direct)\n")
    print(f"{'phase':<17} {'MB/s':>7} {'gateway + broker + client CPU s/GB, direct -> gateway':>55}  verdict")
    for phase in THROUGHPUT_PHASES:
        rate = medians(results, phase, "mb_per_s")
        ratio = rate["gateway"] / rate["direct"]
        cost = {path: statistics.median(sum(run[phase][f"{name}_cpu_per_gb"] for name in ("gateway", "broker", "client"))
                                        for run in runs) for path, runs in results.items()}
        verdict = "within target" if ratio >= TARGET_RATIO else "MISSES target"
        print(f"{phase:<17} {ratio:>7.3f} {cost['direct']:>34.2f} -> {cost['gateway']:<17.2f}  {verdict}")
    print("\nWithout TLS (diagnostic: what the gateway costs apart from TLS, SCRAM over SASL_PLAINTEXT; and what TLS"
          "\ncosts each side: CPU s/GB over TLS minus without, through the gateway)\n")
    print(f"{'phase':<17} {'MB/s gateway-plain / direct':>28} {'gateway / gateway-plain':>25} "
          f"{'TLS: gateway CPU s/GB':>22} {'TLS: client CPU s/GB':>21}")
    for phase in THROUGHPUT_PHASES:
        rate = medians(results, phase, "mb_per_s")
        tls = {name: medians(results, phase, f"{name}_cpu_per_gb") for name in ("gateway", "client")}
        print(f"{phase:<17} {rate['gateway-plain'] / rate['direct']:>28.3f} {rate['gateway'] / rate['gateway-plain']:>25.3f} "
              f"{tls['gateway']['gateway'] - tls['gateway']['gateway-plain']:>+22.2f} "
              f"{tls['client']['gateway'] - tls['client']['gateway-plain']:>+21.2f}")
    print()
    for phase in latency_phases(arguments):
        p50, p99 = medians(results, phase, "p50_ms"), medians(results, phase, "p99_ms")
        added_p99 = p99["gateway"] - p99["direct"]
        verdict = "within target" if added_p99 <= TARGET_ADDED_P99_MS else "MISSES target"
        print(f"added latency at {phase.removeprefix('latency ')}: p50 {p50['gateway'] - p50['direct']:+.2f} ms, "
              f"p99 {added_p99:+.2f} ms (target: <= {TARGET_ADDED_P99_MS:.0f} ms added p99)  {verdict}; "
              f"without TLS p99 {p99['gateway-plain'] - p99['direct']:+.2f} ms")
    connections = medians(results, "connections", "connections_per_s")
    gateway_ms = medians(results, "connections", "gateway_cpu_ms")["gateway"]
    print(f"new authenticated connections: {connections['gateway']:.0f}/s through the gateway "
          f"({gateway_ms:.2f} gateway CPU ms each, i.e. ~{1e3 / gateway_ms if gateway_ms else float('inf'):.0f}/s "
          f"per gateway core), {connections['direct']:.0f}/s plain to the broker")
    print("\nPeak resident memory during each phase (VmHWM, reset as the phase starts)\n")
    table(results, (*PHASES, *latency_phases(arguments)), [("gateway MiB", "gateway_peak_mib", 0, 18), ("broker MiB", "broker_peak_mib", 0, 18)])
    if BEFORE in results:
        report_before(results, arguments)


def report_before(results, arguments):
    """gateway / gateway-before, phase by phase, and whether the gateway under test lost anything."""
    print(f"\nGateway / {BEFORE}: {arguments.binary} against {arguments.baseline_binary}, both SCRAM over TLS to the "
          f"same broker (medians)\nno loss: every throughput ratio (MB/s, connections/s) >= {TARGET_BEFORE_RATIO} and "
          f"no p99 up by more than {BEFORE}'s own p99 moved between rounds\n")
    print(f"{'phase':<17} {'MB/s':>7} {'gateway CPU s/GB, before -> now':>33} {'ratio':>7}")
    ratios = {}
    for phase in THROUGHPUT_PHASES:
        rate = medians(results, phase, "mb_per_s")
        ratios[phase] = rate["gateway"] / rate[BEFORE]
        cost = medians(results, phase, "gateway_cpu_per_gb")
        print(f"{phase:<17} {ratios[phase]:>7.3f} {cost[BEFORE]:>19.2f} -> {cost['gateway']:<10.2f} "
              f"{cost['gateway'] / cost[BEFORE]:>7.3f}")
    connections = medians(results, "connections", "connections_per_s")
    ratios["connections"] = connections["gateway"] / connections[BEFORE]
    cost = medians(results, "connections", "gateway_cpu_ms")
    print(f"connections/s: {ratios['connections']:.3f}; gateway CPU ms per connection {cost[BEFORE]:.2f} -> "
          f"{cost['gateway']:.2f} ({cost['gateway'] / cost[BEFORE]:.3f})")
    rises = {}
    for phase in latency_phases(arguments):
        p50, p99 = medians(results, phase, "p50_ms"), medians(results, phase, "p99_ms")
        per_round = [now[phase]["p99_ms"] - before[phase]["p99_ms"] for now, before in zip(results["gateway"], results[BEFORE])]
        noise = max(run[phase]["p99_ms"] for run in results[BEFORE]) - min(run[phase]["p99_ms"] for run in results[BEFORE])
        cpu_us = {path: cpu / medians(results, phase, "records")[path] * 1e6
                  for path, cpu in medians(results, phase, "gateway_cpu").items()}
        rises[phase] = (p99["gateway"] - p99[BEFORE], noise)
        print(f"{phase} against {BEFORE}: p50 {p50['gateway'] - p50[BEFORE]:+.2f} ms, p99 {rises[phase][0]:+.2f} ms "
              f"(per round {min(per_round):+.2f} to {max(per_round):+.2f}; {BEFORE}'s p99 "
              f"{spread([run[phase]['p99_ms'] for run in results[BEFORE]], 2)} ms, a spread of {noise:.2f}); "
              f"gateway CPU per request {cpu_us[BEFORE]:.0f} -> {cpu_us['gateway']:.0f} us")
    losses = [f"{phase} {ratio:.3f} < {TARGET_BEFORE_RATIO}" for phase, ratio in ratios.items() if ratio < TARGET_BEFORE_RATIO]
    losses += [f"{phase} p99 {rise:+.2f} ms > spread {noise:.2f} ms" for phase, (rise, noise) in rises.items() if rise > noise]
    one_round = " (one round: no spread, so any p99 rise counts; use --rounds 3 or more)" if arguments.rounds < 2 else ""
    print(f"\nbefore/after verdict: {'LOSS (' + '; '.join(losses) + ')' if losses else 'no loss'}. Throughput ratios "
          f"{min(ratios.values()):.3f}-{max(ratios.values()):.3f}; p99 rises "
          f"{', '.join(f'{rise:+.2f} ms (spread {noise:.2f})' for rise, noise in rises.values())}{one_round}")


def main():
    arguments = parse_arguments()
    import_fixtures(arguments.binary)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the gateway and the broker
    payloads = make_payloads(arguments.record_bytes)
    print(f"portcullis gateway overhead: {arguments.binary}"
          + (f", against {arguments.baseline_binary} ({BEFORE})" if arguments.baseline_binary else ""))
    print(f"cores: {os.cpu_count()} (shared by this client, librdkafka's threads, the gateway, the broker and "
          "whatever else runs on the machine)")
    print(f"load average before: {load_average()}", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="portcullis-bench-gateway-") as workspace, contextlib.ExitStack() as running:
        # The broker and the gateway in front of it, with a SASL_SSL and a SASL_PLAINTEXT listener.
        cluster = gateway_fixtures.start_gateway(pathlib.Path(workspace), settings={},
                                                 listeners={"SASL_SSL": "SASL_SSL", "SASL_PLAINTEXT": "SASL_PLAINTEXT"})
        running.callback(gateway_fixtures.stop_gateway, cluster)
        baseline = None
        try:
            password = base64.b64encode(os.urandom(18)).decode()
            add_bench_user(cluster, password)
            if arguments.baseline_binary:
                # Its own data directory, CA and policy store, made by its own authctl (the store's format is its own).
                with fixtures_using(arguments.baseline_binary):
                    baseline = gateway_fixtures.GatewayProcess(pathlib.Path(workspace) / "before", cluster.broker,
                                                               cluster.listeners, cluster.settings).start()
                    running.callback(baseline.stop)  # before stop_gateway, which kills the broker
                    add_bench_user(baseline, password)
            paths = Paths(cluster, password, baseline)
            results = {path: [] for path in paths.names}
            for round_number in range(arguments.rounds):
                order = paths.names if round_number % 2 == 0 else tuple(reversed(paths.names))
                runs = {path: run_once(arguments, paths, path, round_number, payloads) for path in order}
                for rate, phase in zip(arguments.latency_rates, latency_phases(arguments)):
                    latencies = measure_latency(paths, round_number, payloads, rate,
                                                arguments.latency_seconds, first=order[0])
                    for path in order:
                        runs[path][phase] = latencies[path]
                for path in order:
                    run = runs[path]
                    results[path].append(run)
                    summary = ", ".join(f"{phase} {run[phase]['mb_per_s']:.1f} MB/s" for phase in THROUGHPUT_PHASES)
                    p99s = ", ".join(f"{run[phase]['p99_ms']:.2f}" for phase in latency_phases(arguments))
                    print(f"round {round_number + 1} {path:<14} {summary}, p99 {p99s} ms, "
                          f"{run['connections']['connections_per_s']:.0f} connections/s (load {load_average()})",
                          flush=True)
                print(f"gateway resident after round {round_number + 1}: "
                      f"{gateway_fixtures.memory_kib(cluster.process.pid) / 1024:.0f} MiB"
                      + (f", {BEFORE} {baseline.memory_kib() / 1024:.0f} MiB" if baseline else ""), flush=True)
        except BaseException:
            print(f"--- gateway log ---\n{cluster.log.text()[-3000:]}\n--- broker log ---\n{cluster.broker.log()[-3000:]}",
                  file=sys.stderr)
            if baseline:
                print(f"--- {BEFORE} log ---\n{baseline.log.text()[-3000:]}", file=sys.stderr)
            raise
    report(results, arguments)
    print(f"\nload average after: {load_average()}; whole run {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except (BenchmarkError, AssertionError) as error:
        sys.exit(f"benchmark failed: {error}")
