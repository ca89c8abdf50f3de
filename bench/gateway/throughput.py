#!/usr/bin/env python3
"""The fair comparison: what the gateway costs a client, against the same broker
reached directly and through a plain TLS terminator, in one run.

Starts one `portcullis broker` (encrypted segments, local KMS, as shipped) and,
in front of it, one `portcullis gateway` with a SASL_SSL listener (SCRAM-SHA-512
over TLS; CA, server certificate and user made with `authctl`), a SASL_PLAINTEXT
one and an anonymous TLS one (SSL, used only for connection setup time), and
Debian's stunnel4 (`stunnel`, its configuration written here, in the foreground,
the gateway's certificate) terminating TLS in front of the broker's second
listener, which advertises stunnel's port (advertised.listeners), all kept for
the whole run, all on loopback. Paths (--paths):
  direct         plaintext to the broker;
  stunnel        TLS through stunnel (no authentication): the plain TLS terminator;
  gateway        SCRAM-SHA-512 over TLS through the gateway: the path the targets are about;
  gateway-plain  SCRAM-SHA-512 without TLS through the gateway;
each in two client modes (--modes): "default", librdkafka's defaults (Nagle's
algorithm on), and "nodelay" (socket.nagle.disable=true). In rounds that
alternate which path goes first, with confluent-kafka and 1 KiB records
(--phases):
  throughput   produce acks=1 throughput to a fresh topic, for N records or the
               phase's time budget (measured over what was delivered); consume
               throughput: all of that topic with a fresh consumer; produce
               acks=all throughput (each produce waits for the broker's fsync);
  setup        connection setup: a new librdkafka producer, from its creation to
               the answer of its first Metadata (list_topics), N times; also
               through the gateway's anonymous TLS listener ("gateway-tls"), the
               same TLS work as stunnel's path; SCRAM's own part (the client's
               PBKDF2, 4,096 iterations, and two round trips) shows as
               gateway-plain - direct. librdkafka 2.16 retries the first Metadata
               after ~50 ms when it loses a race with its own (on every path): the
               report shows medians with and without those setups;
  latency      produce latency at fixed rates (acks=1, linger.ms=0, each record its
               own request; by default 1,000/s): each record's time from produce()
               to its delivery report, after a warm-up; every path's producer stays
               connected and they take one-second turns, so all see the same
               moments of the machine's load;
  connections  authenticated connections: a loop of short-lived raw clients (Nagle
               off). Through the gateway TCP + TLS + ApiVersions + SCRAM-SHA-512 +
               Metadata; through stunnel TCP + TLS + ApiVersions + Metadata; directly
               TCP + ApiVersions + Metadata. Each Metadata answer must name the port
               the client connected to;
  handshakes   bare TLS handshakes: TCP connect + full TLS handshake + close, on the
               gateway's SASL_SSL listener (the same listener as its authenticated
               connections) and on stunnel's port;
and once, after the rounds:
  idle         resident memory per idle authenticated connection: N raw clients
               (TLS + SCRAM + Metadata) held open at once on a gateway started for
               it (same binary and listener), so memory freed by the other phases
               does not hide the growth.
Processes, authctl and the raw client come from the integration tests'
Tests/integration/gateway_fixtures.py and gateway_wire.py (pytest must be
installed: scripts/install-test-deps.sh); stunnel from Debian's stunnel4
(scripts/bench-gateway.sh installs it when missing).

Prints per phase and path the median (and range) over rounds; CPU of every process
(the path's proxy: gateway or stunnel; the broker; this client, Python and
librdkafka's threads) from /proc, as millicores per MB/s of throughput (= CPU
seconds per GB), CPU per request at a fixed rate and per connection; then a table
of the targets with the measured value and pass/fail. The machine is shared:
wall-clock figures move with its load (printed at start, per round and at the
end); CPU per MB, per request or per connection depend far less on it.

Default run (3 rounds, 4 paths x 2 modes, 5 s produce phases, 1,000/s for 8 s per
path and mode, 200 connections and handshakes, 15 setups, 3,000 idle connections):
about 8-10 minutes on 2 cores.

Before and after a change to the gateway: --baseline-binary PATH (an older build
of portcullis, its own authctl beside it) starts a second gateway from it in front
of the same broker, over its own data directory made with its own authctl, and
adds the path "gateway-before" (SCRAM over TLS through it), run next to "gateway"
in every phase, its CPU figures from its own process. The report then adds
gateway / gateway-before and a no-loss verdict: every throughput ratio (MB/s and
connections/s) >= 0.95 and no p99 up by more than gateway-before's own p99 moved
between rounds (so it takes 2 rounds or more).

The cost of a setting (metrics at level topic, log delivery, a quota): --gateway-settings
'metrics.listen=127.0.0.1:0;metrics.level=topic' gives the gateway path those lines and runs
gateway-before from the same binary without them; --gateway-authctl 'quota set --user bench
--producer-byte-rate 1000000000000 --consumer-byte-rate 1000000000000 --request-percentage 100000'
does the same for a policy-store change (quotas set but never reached).

The cost of log delivery to S3 (the issue's bound: throughput and p99 within 3 %):
--s3-delivery starts moto's server (moto_server, from scripts/install-test-deps.sh) on a
free loopback port, creates a bucket there, and gives the gateway path
log.delivery.s3.* for it (both logs: log.delivery.logs=decisions,service with
service.log.dir in the run's directory, --s3-delivery-logs decisions for the decision
log only) with AWS credentials in its environment; gateway-before runs the same binary
without them. The report adds a "within 3 %" verdict (every throughput ratio >= 0.97,
every p99 at most 3 % above gateway-before's, medians) and ends with what reached the bucket.

Usage: throughput.py --binary PATH [--baseline-binary PATH] [--gateway-settings 'K=V;K=V'] [--gateway-authctl 'ARGS'] [--s3-delivery] [--paths P,P] [--modes M,M] [--phases P,P]
                     [--rounds N] [--records N] [--phase-seconds S] [--latency-rates R,R] [--latency-seconds S]
                     [--connections N] [--handshakes N] [--setup-samples N] [--idle-connections N]
"""
import argparse
import base64
import contextlib
import math
import operator
import os
import pathlib
import shlex
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

from confluent_kafka import Producer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))  # the modules beside this one
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/, for common.py from any directory
from common import (BenchmarkError, consume_records, load_average, make_payloads,  # noqa: E402
                    produce_records, salted_passwords_cached)
import fair_report  # noqa: E402
import idle_connections  # noqa: E402
import setup_time  # noqa: E402
import stunnel as stunnel_module  # noqa: E402
from meter import Meter  # noqa: E402

PATHS = ("direct", "stunnel", "gateway", "gateway-plain")
MODES = ("default", "nodelay")
SETUP_ONLY = "gateway-tls"  # the gateway's anonymous TLS listener, in the setup phase only
BEFORE = "gateway-before"  # with --baseline-binary, run next to "gateway"
PHASES = ("throughput", "setup", "latency", "connections", "handshakes", "idle")
THROUGHPUT_PHASES = ("produce acks=1", "consume", "produce acks=all")
USER = "bench"
MECHANISM = "SCRAM-SHA-512"
LATENCY_WARMUP_SECONDS = 1.0
API_VERSIONS, METADATA = 18, 3


def variant(path, mode):
    """A path in one client mode, e.g. "gateway/default"."""
    return f"{path}/{mode}"


def listed(choices):
    def parse(text):
        values = tuple(value.strip() for value in text.split(",") if value.strip())
        unknown = [value for value in values if value not in choices]
        if unknown or not values:
            raise argparse.ArgumentTypeError(f"choose from {', '.join(choices)}")
        return values
    return parse


def settings_list(text):
    pairs = [item.split("=", 1) for item in text.split(";") if item.strip()]
    if any(len(pair) != 2 or not pair[0].strip() for pair in pairs):
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE;KEY=VALUE, got {text!r}")
    return {key.strip(): value.strip() for key, value in pairs}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path,
                        help="the release-built portcullis binary (authctl must be next to it)")
    parser.add_argument("--baseline-binary", type=pathlib.Path,
                        help="an older release-built portcullis (authctl next to it) to compare the gateway with")
    parser.add_argument("--gateway-settings", type=settings_list, default={},
                        help="more gateway.properties lines for the gateway path only, 'KEY=VALUE;KEY=VALUE': "
                             "the cost of a setting, with gateway-before the same binary without them "
                             "(unless --baseline-binary names another)")
    parser.add_argument("--gateway-authctl", type=shlex.split, default=None,
                        help="one authctl command run on the gateway path's store after it starts, e.g. "
                             "'quota set --user bench --producer-byte-rate 1000000000000' (a quota never reached); "
                             "gateway-before is the same binary without it")
    parser.add_argument("--s3-delivery", action="store_true",
                        help="run moto's S3 on loopback and give the gateway path log delivery to it; "
                             "gateway-before is the same binary without it")
    parser.add_argument("--s3-delivery-logs", choices=("decisions", "decisions,service"), default="decisions,service",
                        help="the logs --s3-delivery ships (default decisions,service)")
    parser.add_argument("--paths", type=listed(PATHS), default=PATHS, help=f"paths, comma-separated (default {','.join(PATHS)})")
    parser.add_argument("--modes", type=listed(MODES), default=MODES, help=f"client modes (default {','.join(MODES)})")
    parser.add_argument("--phases", type=listed(PHASES), default=PHASES, help=f"phases (default {','.join(PHASES)})")
    parser.add_argument("--rounds", type=int, default=3, help="runs per path; medians are reported (default 3)")
    parser.add_argument("--records", type=int, default=500_000, help="records per produce phase (default 500000)")
    parser.add_argument("--record-bytes", type=int, default=1024, help="value size (default 1024)")
    parser.add_argument("--phase-seconds", type=float, default=5.0, help="time budget of a produce phase (default 5)")
    parser.add_argument("--latency-rates", type=lambda text: [int(rate) for rate in text.split(",")], default=[1000],
                        help="records/s of each latency phase, comma-separated (default 1000)")
    parser.add_argument("--latency-seconds", type=float, default=8.0,
                        help=f"latency phase seconds per path and mode, after a {LATENCY_WARMUP_SECONDS:.0f} s warm-up (default 8)")
    parser.add_argument("--connections", type=int, default=200, help="short-lived clients per connection phase (default 200)")
    parser.add_argument("--handshakes", type=int, default=200, help="bare TLS handshakes per handshake phase (default 200)")
    parser.add_argument("--setup-samples", type=int, default=15, help="new clients per setup phase (default 15)")
    parser.add_argument("--idle-connections", type=int, default=3000,
                        help="authenticated connections held open in the idle phase (default 3000)")
    arguments = parser.parse_args()
    for binary in filter(None, (arguments.binary, arguments.baseline_binary)):
        if not binary.is_file():
            parser.error(f"{binary} is not a file")
        if not (binary.parent / "authctl").is_file():
            parser.error(f"no authctl next to {binary}")
    if arguments.s3_delivery and "gateway" not in arguments.paths:
        parser.error("--s3-delivery measures the gateway path: --paths must include gateway")
    if arguments.s3_delivery:
        # The bound for log delivery: throughput and p99 within 3 % of the gateway without it.
        arguments.cost_bound, arguments.cost_bound_name = 0.03, "log delivery to S3"
    if arguments.gateway_authctl:
        # The bound for a quota set but not reached: within 2 %.
        arguments.cost_bound, arguments.cost_bound_name = 0.02, "a quota never reached"
    if (arguments.gateway_settings or arguments.gateway_authctl or arguments.s3_delivery) and not arguments.baseline_binary:
        arguments.baseline_binary = arguments.binary
    if min(arguments.rounds, arguments.records, arguments.record_bytes, *arguments.latency_rates, arguments.connections,
           arguments.handshakes, arguments.setup_samples, arguments.idle_connections) < 1:
        parser.error("--rounds, --records, --record-bytes, --latency-rates, --connections, --handshakes, "
                     "--setup-samples and --idle-connections must be positive")
    if not 0 < arguments.phase_seconds <= 120 or not 0 < arguments.latency_seconds <= 120:
        parser.error("--phase-seconds and --latency-seconds must be in (0, 120]")
    if arguments.idle_connections > 10_000:
        parser.error("--idle-connections is at most 10000")
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


def throughput(meter, records, value_bytes):
    """A phase's figures; CPU seconds per GB of values equal millicores per MB/s."""
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
            topic = f"bench-{round_number}-{path.replace('/', '-')}-latency-{rate}"
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


# Connection phases with a raw client ------------------------------------------------

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
    # As the librdkafka clients in nodelay mode: with Nagle's algorithm each request after the TLS handshake waited ~40 ms.
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
        gateway_wire.RESPONSES_READ.clear()  # the test helper keeps every frame; this loop needs none


def open_connections(processes, port, topic, count, ca=None, password=None):
    """`count` short-lived clients one after another; each process's CPU ms per connection."""
    with salted_passwords_cached(), Meter(processes) as meter:
        for _ in range(count):
            short_lived_client(port, topic, ca, password)
    return meter.result(connections_per_s=count / meter.seconds,
                        **{f"{name}_cpu_ms": seconds / count * 1e3 for name, seconds in meter.cpu.items()})


# Paths -------------------------------------------------------------------------------

class Paths:
    """For each path to the one broker: the client settings of each mode (librdkafka's names),
    how a raw client connects (port, CA, password), and the processes measured ("proxy": the
    gateway or stunnel the path goes through, none for direct; "broker")."""

    def __init__(self, arguments, cluster, password, stunnel=None, baseline=None):
        broker = cluster.broker
        tls = {"security.protocol": "SSL", "ssl.ca.location": str(cluster.ca)}
        client = {
            "direct": {"bootstrap.servers": broker.bootstrap},
            "gateway": cluster.scram("SASL_SSL", USER, password, MECHANISM),
            "gateway-plain": cluster.scram("SASL_PLAINTEXT", USER, password, MECHANISM),
            SETUP_ONLY: {"bootstrap.servers": f"localhost:{cluster.ports['TLS']}", **tls},
        }
        self.connection = {
            "direct": {"port": broker.port},
            "gateway": {"port": cluster.ports["SASL_SSL"], "ca": cluster.ca, "password": password},
            "gateway-plain": {"port": cluster.ports["SASL_PLAINTEXT"], "password": password},
        }
        gateway = {"proxy": cluster.process.pid, "broker": broker.process.pid}
        self.processes = {"direct": {"broker": broker.process.pid}, "gateway": gateway, "gateway-plain": gateway,
                          SETUP_ONLY: gateway}
        if stunnel is not None:
            client["stunnel"] = {"bootstrap.servers": f"127.0.0.1:{stunnel.accept_port}", **tls}
            self.connection["stunnel"] = {"port": stunnel.accept_port, "ca": cluster.ca}
            self.processes["stunnel"] = {"proxy": stunnel.pid, "broker": broker.process.pid}
        paths = list(arguments.paths)
        if baseline is not None:
            client[BEFORE] = baseline.scram("SASL_SSL", USER, password, MECHANISM)
            self.connection[BEFORE] = {"port": baseline.ports["SASL_SSL"], "ca": baseline.ca, "password": password}
            self.processes[BEFORE] = {"proxy": baseline.process.pid, "broker": broker.process.pid}
            paths.insert(paths.index("gateway") + 1 if "gateway" in paths else len(paths), BEFORE)
        self.paths = tuple(paths)  # the measured paths, in order; the rounds alternate it
        common = {"broker.address.family": "v4", "log_level": 4}
        modes = {"default": {}, "nodelay": {"socket.nagle.disable": True}}
        self.settings = {variant(path, mode): {**common, **modes[mode], **settings}
                         for path, settings in client.items() for mode in arguments.modes}
        # Topics are made directly on the broker, with Nagle off.
        self.settings["direct"] = {**common, **modes["nodelay"], **client["direct"]}
        self.names = tuple(variant(path, mode) for path in self.paths for mode in arguments.modes)
        self.setup_names = self.names + ((tuple(variant(SETUP_ONLY, mode) for mode in arguments.modes))
                                         if "gateway" in self.paths else ())
        # measure_latency's name: the processes of each variant.
        self.gateway = {name: self.processes[name.split("/")[0]] for name in self.setup_names}


# Runs ------------------------------------------------------------------------------

def run_variant(arguments, paths, name, round_number, payloads):
    """The throughput and setup phases of one path in one mode; returns {phase: result}."""
    results = {}
    settings, processes = paths.settings[name], paths.gateway[name]
    tag = name.replace("/", "-")
    if "throughput" in arguments.phases and name in paths.names:
        topics = {phase: f"bench-{round_number}-{tag}-{index}" for index, phase in enumerate(THROUGHPUT_PHASES)}
        for topic in topics.values():
            gateway_fixtures.create_topic(paths.settings["direct"], topic)
        budget = arguments.phase_seconds
        results["produce acks=1"] = produce(processes, settings, topics["produce acks=1"], payloads, arguments.records,
                                            "1", budget)
        produced = results["produce acks=1"]["records"]
        results["consume"] = consume(processes, settings, topics["produce acks=1"], payloads, produced, budget * 3)
        results["produce acks=all"] = produce(processes, settings, topics["produce acks=all"], payloads,
                                              arguments.records, "all", budget)
    if "setup" in arguments.phases:
        topic = f"bench-{round_number}-{tag}-setup"
        gateway_fixtures.create_topic(paths.settings["direct"], topic)
        samples = setup_time.connect_to_metadata(settings, topic, arguments.setup_samples)
        results["setup"] = {"setup_ms": statistics.median(samples) * 1e3, "setup_samples_ms": [s * 1e3 for s in samples]}
    return results


def run_raw(arguments, paths, path, round_number):
    """The raw-client phases over one path: connections, and bare handshakes where there is TLS."""
    results = {}
    connection = paths.connection[path]
    if "connections" in arguments.phases:
        topic = f"bench-{round_number}-{path}-connections"
        gateway_fixtures.create_topic(paths.settings["direct"], topic)
        results["connections"] = open_connections(paths.processes[path], topic=topic, count=arguments.connections,
                                                  **connection)
    if "handshakes" in arguments.phases and connection.get("ca") and path != "gateway-plain":
        results["handshakes"] = setup_time.bare_handshakes(paths.processes[path], connection["port"], connection["ca"],
                                                           arguments.handshakes)
    return results


def add_bench_user(gateway, password):
    """The SCRAM-SHA-512 user, known to the running gateway."""
    gateway_fixtures.add_scram_user(gateway.data_dir, USER, password, mechanisms=(MECHANISM,))


GATEWAY_LISTENERS = {"SASL_SSL": "SASL_SSL", "SASL_PLAINTEXT": "SASL_PLAINTEXT", "TLS": "SSL"}
GATEWAY_SETTINGS = {"listener.name.tls.ssl.client.auth": "none", "listener.name.tls.allow.anonymous": "true"}


S3_BUCKET = "bench-log-delivery"


def start_moto(root, running):
    """moto_server on a free loopback port with the bench's bucket; AWS credentials for it
    in this process's environment (the gateway inherits them). Its endpoint and process id."""
    import shutil
    import urllib.request
    executable = shutil.which("moto_server")
    if not executable:
        raise BenchmarkError("--s3-delivery needs moto_server: run scripts/install-test-deps.sh")
    port = gateway_fixtures.free_ports(1)[0]
    log = open(root / "moto.log", "wb")
    process = subprocess.Popen([executable, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT)
    running.callback(lambda: (process.kill(), process.wait(), log.close()))
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise BenchmarkError(f"moto_server did not start: {(root / 'moto.log').read_text()[-2000:]}")
            time.sleep(0.2)
    os.environ.update({"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"})
    # moto takes unsigned requests: a bare PUT makes the bucket.
    urllib.request.urlopen(urllib.request.Request(f"{endpoint}/{S3_BUCKET}", method="PUT"), timeout=10)
    return endpoint, process.pid


def cpu_seconds(pid, thread=None):
    """User and system CPU time a process (or one of its threads) has used: moto's, which shares the
    machine's cores with the run, and the gateway's log delivery event loop's."""
    stat = pathlib.Path(f"/proc/{pid}/stat" if thread is None else f"/proc/{pid}/task/{thread}/stat")
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def delivery_thread_cpu_seconds(pid):
    """CPU time of the gateway's threads named NIO-ELT-* (the only event loop group outside NIO's
    singleton is log delivery's), or None when there is none."""
    threads = [task.name for task in pathlib.Path(f"/proc/{pid}/task").iterdir()
               if (task / "comm").read_text().startswith("NIO-ELT-")]
    return sum(cpu_seconds(pid, thread) for thread in threads) if threads else None


def s3_delivery_settings(arguments, root, endpoint):
    settings = {"log.delivery.s3.bucket": S3_BUCKET, "log.delivery.s3.endpoint": endpoint,
                "log.delivery.region": "us-east-1", "log.delivery.instance": "bench",
                "log.delivery.logs": arguments.s3_delivery_logs}
    if "service" in arguments.s3_delivery_logs:
        settings["service.log.dir"] = str(root / "gateway-service-logs")
    return settings


def delivered_summary(endpoint):
    """Objects and bytes in the bench's bucket, by log (ListObjectsV2, first 1,000 per prefix is enough to show it ran)."""
    import re
    import urllib.request
    summary = {}
    for log in ("decisions", "service"):
        with urllib.request.urlopen(f"{endpoint}/{S3_BUCKET}?list-type=2&prefix=portcullis/{log}/", timeout=30) as answer:
            text = answer.read().decode()
        sizes = [int(size) for size in re.findall(r"<Size>(\d+)</Size>", text)]
        summary[log] = f"{len(sizes)}{'+' if '<IsTruncated>true' in text else ''} objects, {sum(sizes) / 1e6:.1f} MB"
    return summary


def start_processes(arguments, root, running):
    """The broker (with a FRONT listener for stunnel when the stunnel path runs), the gateway,
    stunnel, and the baseline gateway; each stopped by `running` at the end."""
    from conftest import BrokerProcess
    if arguments.s3_delivery:
        arguments.s3_endpoint, arguments.moto_pid = start_moto(root, running)
        arguments.gateway_settings = {**s3_delivery_settings(arguments, root, arguments.s3_endpoint),
                                      **arguments.gateway_settings}
    with_stunnel = "stunnel" in arguments.paths
    if with_stunnel:
        stunnel_module.stunnel_binary()  # a clear error before anything starts
        broker = stunnel_module.fronted_broker_class(BrokerProcess, gateway_fixtures.free_ports)(root / "broker")
    else:
        broker = BrokerProcess(root / "broker")
    broker.start()
    running.callback(broker.kill)
    cluster = gateway_fixtures.GatewayProcess(root, broker, GATEWAY_LISTENERS,
                                              {**GATEWAY_SETTINGS, **arguments.gateway_settings}).start()
    running.callback(cluster.stop)
    if arguments.gateway_authctl:
        gateway_fixtures.authctl(cluster.data_dir, *arguments.gateway_authctl)
    stunnel = None
    if with_stunnel:
        certificates = cluster.data_dir / "certs"  # the gateway's: made by authctl from the bench's CA
        stunnel = stunnel_module.StunnelProcess(root, broker.advertised_front_port, broker.front_port,
                                                certificates / "server.pem", certificates / "server.key").start()
        running.callback(stunnel.stop)
    baseline = None
    if arguments.baseline_binary:
        # Its own data directory, CA and policy store, made by its own authctl (the store's format is its own).
        with fixtures_using(arguments.baseline_binary):
            baseline = gateway_fixtures.GatewayProcess(root / "before", broker, GATEWAY_LISTENERS,
                                                       GATEWAY_SETTINGS).start()
            running.callback(baseline.stop)
    return cluster, stunnel, baseline


def measure_idle(arguments, root, broker, password):
    """Resident memory per idle authenticated connection, on a gateway of its own (same
    binary, listener and settings as the gateway path) in front of the same broker."""
    topic = "bench-idle"
    gateway_fixtures.create_topic({"bootstrap.servers": broker.bootstrap, "broker.address.family": "v4"}, topic)
    gateway = gateway_fixtures.GatewayProcess(root / "idle", broker, {"SASL_SSL": "SASL_SSL"}, {}).start()
    try:
        add_bench_user(gateway, password)
        time.sleep(gateway_fixtures.POLICY_PROPAGATION)
        return idle_connections.measure(gateway_wire, {"gateway": gateway.process.pid, "broker": broker.process.pid},
                                        gateway.ports["SASL_SSL"], gateway.ca, USER, password, MECHANISM,
                                        metadata_request(topic), arguments.idle_connections, budget_seconds=180)
    except BaseException:
        print(f"--- idle gateway log ---\n{gateway.log.text()[-3000:]}", file=sys.stderr)
        raise
    finally:
        gateway.stop()


def logs(cluster, stunnel, baseline):
    text = f"--- gateway log ---\n{cluster.log.text()[-3000:]}\n--- broker log ---\n{cluster.broker.log()[-3000:]}"
    if stunnel:
        text += f"\n--- stunnel log ---\n{stunnel.log()}"
    if baseline:
        text += f"\n--- {BEFORE} log ---\n{baseline.log.text()[-3000:]}"
    return text


def main():
    arguments = parse_arguments()
    import_fixtures(arguments.binary)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the processes
    payloads = make_payloads(arguments.record_bytes)
    print(f"portcullis gateway, fair comparison: {arguments.binary}"
          + (f" with {arguments.gateway_settings}" if arguments.gateway_settings else "")
          + (f" with log delivery ({arguments.s3_delivery_logs}) to moto's S3" if arguments.s3_delivery else "")
          + (f", against {arguments.baseline_binary} ({BEFORE})" if arguments.baseline_binary else ""))
    if "stunnel" in arguments.paths:
        print(f"TLS terminator: {stunnel_module.stunnel_version(stunnel_module.stunnel_binary())}")
    print(f"cores: {os.cpu_count()} (shared by this client, librdkafka's threads, the gateway, stunnel, the broker and "
          "whatever else runs on the machine)")
    print(f"load average before: {load_average()}", flush=True)
    started = time.monotonic()
    loads = [os.getloadavg()[0]]
    extra = {}
    with tempfile.TemporaryDirectory(prefix="portcullis-bench-gateway-") as workspace, contextlib.ExitStack() as running:
        root = pathlib.Path(workspace)
        cluster, stunnel, baseline = start_processes(arguments, root, running)
        try:
            password = base64.b64encode(os.urandom(18)).decode()
            add_bench_user(cluster, password)
            if baseline:
                with fixtures_using(arguments.baseline_binary):
                    add_bench_user(baseline, password)
            paths = Paths(arguments, cluster, password, stunnel, baseline)
            extra["tls"] = {path: setup_time.negotiated(paths.connection[path]["port"], paths.connection[path]["ca"])
                            for path in paths.paths if paths.connection[path].get("ca")}
            results = {name: [] for name in paths.setup_names}
            raw = {path: [] for path in paths.paths}
            for round_number in range(arguments.rounds):
                forward = round_number % 2 == 0
                order = paths.setup_names if forward else tuple(reversed(paths.setup_names))
                runs = {name: run_variant(arguments, paths, name, round_number, payloads) for name in order}
                for path in (paths.paths if forward else reversed(paths.paths)):
                    raw[path].append(run_raw(arguments, paths, path, round_number))
                if "latency" in arguments.phases:
                    for rate in arguments.latency_rates:
                        latencies = measure_latency(paths, round_number, payloads, rate, arguments.latency_seconds,
                                                    first=order[0] if order[0] in paths.names else paths.names[0])
                        for name in paths.names:
                            runs[name][f"latency {rate}/s"] = latencies[name]
                for name in order:
                    results[name].append(runs[name])
                    print(f"round {round_number + 1} {name:<22} {fair_report.round_summary(runs[name])}", flush=True)
                for path in paths.paths:
                    if raw[path][-1]:
                        print(f"round {round_number + 1} {path:<22} {fair_report.raw_summary(raw[path][-1])}", flush=True)
                loads.append(os.getloadavg()[0])
                print(f"round {round_number + 1} done (load {load_average()}); gateway resident "
                      f"{gateway_fixtures.memory_kib(cluster.process.pid) / 1024:.0f} MiB", flush=True)
            if "idle" in arguments.phases and "gateway" in paths.paths:
                extra["idle"] = measure_idle(arguments, root, cluster.broker, password)
                print(f"idle: {fair_report.idle_summary(extra['idle'])} (load {load_average()})", flush=True)
            if arguments.s3_delivery:
                arguments.s3_summary = delivered_summary(arguments.s3_endpoint)
                arguments.moto_cpu_seconds = cpu_seconds(arguments.moto_pid)
                arguments.delivery_cpu_seconds = delivery_thread_cpu_seconds(cluster.process.pid)
            for process, name in ((cluster, "gateway"), (stunnel, "stunnel"), (baseline, BEFORE)):
                if process is not None and not process.alive():
                    raise BenchmarkError(f"{name} exited during the run")
        except BaseException:
            print(logs(cluster, stunnel, baseline), file=sys.stderr)
            raise
    loads.append(os.getloadavg()[0])
    extra["loads"] = loads
    fair_report.report(results, raw, extra, arguments, paths)
    if arguments.s3_delivery:
        print(f"\nS3 log delivery (moto at {arguments.s3_endpoint}): "
              + "; ".join(f"{log}: {text}" for log, text in arguments.s3_summary.items())
              + f"; moto used {arguments.moto_cpu_seconds:.1f} CPU seconds over the run, the gateway's log delivery "
              + (f"event loop {arguments.delivery_cpu_seconds:.2f}" if arguments.delivery_cpu_seconds is not None
                 else "event loop was not found"))
    print(f"\nload average after: {load_average()}; 1-minute load during the run {min(loads):.2f}-{max(loads):.2f}; "
          f"whole run {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except (BenchmarkError, AssertionError) as error:
        sys.exit(f"benchmark failed: {error}")
    except stunnel_module.SetupError as error:
        sys.exit(f"benchmark setup failed: {error}")
