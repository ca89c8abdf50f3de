#!/usr/bin/env python3
"""New authenticated connections per second, and the gateway's CPU per connection,
for IAM against bare TLS and SCRAM, through one gateway in one run.

Starts one `portcullis broker` and one `portcullis gateway` in front of it with
three TLS listeners (same server certificate, all on loopback):
  - BARE (SSL, `ssl.client.auth=none`, `allow.anonymous=true`): TLS only;
  - SCRAM (SASL_SSL, SCRAM-SHA-512, 4,096 iterations as authctl stores them);
  - IAM (SASL_SSL, `sasl.enabled.mechanisms=OAUTHBEARER,AWS_MSK_IAM`), for an IAM
    user made with `authctl iam user add` + `iam key create` (its secret sealed by
    the broker's KMS) and one policy allowing Connect and DescribeTopic.
Paths, in rounds alternating which goes first:
  - "bare-tls":        TCP + TLS + ApiVersions + Metadata (the baseline);
  - "scram":           TCP + TLS + ApiVersions + SCRAM-SHA-512 (2 round trips) + Metadata;
  - "iam-oauthbearer": TCP + TLS + ApiVersions + OAUTHBEARER (AWS's signer package's token) + Metadata;
  - "iam-msk":         the same with AWS_MSK_IAM (kafka-python's signed JSON payload).
Each phase runs `--clients` client processes in parallel for `--phase-seconds`, each
opening connections one after another (TCP_NODELAY on, no TLS session resumption:
every handshake is a full one) and closing them after the Metadata answer, which
must name the port the client connected to. An IAM token (or payload) is signed
once per phase, before its clock starts, and reused by every connection of the
phase: a token may be reused within its validity (15 minutes). The SCRAM clients
cache SaltedPassword (RFC 5802 section 5.1), so CPython's PBKDF2 does not set the pace;
the gateway's own SCRAM work is unchanged (it never runs PBKDF2).

Reports per path the median (and range) over rounds of connections/s and of the
gateway's CPU per connection (utime+stime from /proc/PID/stat over the phase),
and the ratios against bare-tls. Targets: IAM gateway CPU per connection within
1.2x bare TLS. The clients' own TLS, SCRAM and signing work runs on the same cores
as the gateway and the broker, so connections/s is bounded by the whole machine;
the gateway CPU per connection is the figure to judge.

Usage: iam_connections.py --binary PATH [--rounds N] [--phase-seconds S] [--clients N]
"""
import argparse
import base64
import contextlib
import json
import multiprocessing
import os
import pathlib
import signal
import socket
import ssl
import statistics
import struct
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))  # throughput.py (fixtures, Metadata helpers)
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/common.py
import throughput  # noqa: E402
from common import (BenchmarkError, client_cpu_seconds, load_average, process_cpu_seconds,  # noqa: E402
                    salted_passwords_cached, spread)

PATHS = ("bare-tls", "scram", "iam-oauthbearer", "iam-msk")
BASELINE = "bare-tls"
LISTENER_OF = {"bare-tls": "BARE", "scram": "SCRAM", "iam-oauthbearer": "IAM", "iam-msk": "IAM"}
LISTENERS = {"BARE": "SSL", "SCRAM": "SASL_SSL", "IAM": "SASL_SSL"}
TARGETS = {"iam-oauthbearer": 1.2, "iam-msk": 1.2}  # gateway CPU per connection, at most this times bare-tls
REGION = "us-east-1"
SCRAM_USER, IAM_USER, MECHANISM = "bench", "bench-iam", "SCRAM-SHA-512"
TOPIC = "bench-connections"
API_VERSIONS, METADATA = 18, 3
MAX_CONNECTIONS_PER_CLIENT = 200_000  # a bound besides the phase's time
IAM_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "BenchConnects", "Effect": "Allow", "Action": ["kafka-cluster:Connect", "kafka-cluster:DescribeTopic"],
     "Resource": "*"}]}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path, help="release-built portcullis (authctl next to it)")
    parser.add_argument("--rounds", type=int, default=3, help="runs per path; medians are reported (default 3)")
    parser.add_argument("--phase-seconds", type=float, default=5.0, help="seconds each path's clients run per round (default 5)")
    parser.add_argument("--clients", type=int, default=3, help="client processes in parallel (default 3)")
    arguments = parser.parse_args()
    if not arguments.binary.is_file() or not (arguments.binary.parent / "authctl").is_file():
        parser.error(f"{arguments.binary} and an authctl next to it must exist")
    if arguments.rounds < 1 or arguments.clients < 1 or not 0 < arguments.phase_seconds <= 120:
        parser.error("--rounds and --clients must be positive, --phase-seconds in (0, 120]")
    return arguments


# The client processes -----------------------------------------------------------------

def one_connection(context, port, path, credentials):
    """TCP + TLS (full handshake) + ApiVersions + [SASL] + Metadata, then close."""
    wire_module = throughput.gateway_wire
    raw = socket.create_connection(("127.0.0.1", port), timeout=5.0)
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        wire = wire_module.KafkaWire(context.wrap_socket(raw, server_hostname="localhost"))
    except BaseException:
        raw.close()
        raise
    try:
        if struct.unpack(">h", wire.call(API_VERSIONS, 0)[:2])[0] != 0:
            raise BenchmarkError("ApiVersions failed")
        if path == "scram":
            wire.scram_authenticate(SCRAM_USER, credentials, MECHANISM)
        elif path == "iam-oauthbearer":
            if wire.sasl_handshake("OAUTHBEARER") != 0:
                raise BenchmarkError("SaslHandshake refused OAUTHBEARER")
            wire.sasl_authenticate(credentials)
        elif path == "iam-msk":
            if wire.sasl_handshake("AWS_MSK_IAM") != 0:
                raise BenchmarkError("SaslHandshake refused AWS_MSK_IAM")
            wire.sasl_authenticate(credentials)
        advertised = throughput.first_broker_port(wire.call(METADATA, 1, throughput.metadata_request(TOPIC)))
        if advertised != port:
            raise BenchmarkError(f"Metadata through port {port} advertised port {advertised}")
    finally:
        wire.close()
        wire_module.RESPONSES_READ.clear()  # the test helper keeps every frame; this loop needs none


def client_process(path, port, ca, credentials, start_at, stop_at, results):
    """Opens connections one after another from `start_at` until `stop_at` (monotonic, shared by the processes)."""
    try:
        context = ssl.create_default_context(cafile=str(ca))
        with salted_passwords_cached():
            time.sleep(max(0.0, start_at - time.monotonic()))
            cpu = client_cpu_seconds()
            count = 0
            while time.monotonic() < stop_at and count < MAX_CONNECTIONS_PER_CLIENT:
                one_connection(context, port, path, credentials)
                count += 1
            results.put((count, client_cpu_seconds() - cpu, None))
    except BaseException as error:  # reported by the parent
        results.put((0, 0.0, f"{type(error).__name__}: {error}"))


# Phases ---------------------------------------------------------------------------------

def credentials_for(path, cluster):
    """What each connection of a phase presents: the SCRAM password, or an IAM token signed now."""
    if path == "scram":
        return cluster["password"]
    if path == "iam-oauthbearer":
        token, _expiry_ms = iam_tokens.signer_token(REGION, *cluster["iam_key"])
        return iam_tokens.oauthbearer_client_first(token)
    if path == "iam-msk":
        return iam_tokens.msk_iam_payload("localhost", REGION, *cluster["iam_key"])
    return None


def run_phase(arguments, cluster, path):
    gateway = cluster["gateway"]
    port = gateway.ports[LISTENER_OF[path]]
    credentials = credentials_for(path, cluster)
    one_connection(ssl.create_default_context(cafile=str(gateway.ca)), port, path, credentials)  # fails fast, warms up
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    start_at = time.monotonic() + 0.5  # after every process has started
    stop_at = start_at + arguments.phase_seconds
    processes = [context.Process(target=client_process, daemon=True,
                                 args=(path, port, gateway.ca, credentials, start_at, stop_at, results))
                 for _ in range(arguments.clients)]
    for process in processes:
        process.start()
    time.sleep(max(0.0, start_at - time.monotonic()))
    pids = {"gateway": gateway.process.pid, "broker": gateway.broker.process.pid}
    before = {name: process_cpu_seconds(pid) for name, pid in pids.items()}
    reports = [results.get(timeout=arguments.phase_seconds + 30) for _ in processes]
    seconds = time.monotonic() - start_at
    time.sleep(0.1)  # the gateway's last closes
    after = {name: process_cpu_seconds(pid) for name, pid in pids.items()}
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
    errors = [error for _, _, error in reports if error]
    if errors:
        raise BenchmarkError(f"{path}: {errors[0]}")
    count = sum(count for count, _, _ in reports)
    if count == 0:
        raise BenchmarkError(f"{path}: no connection completed")
    return {
        "connections": count, "seconds": seconds, "connections_per_s": count / seconds,
        "gateway_cpu_ms": (after["gateway"] - before["gateway"]) / count * 1e3,
        "broker_cpu_ms": (after["broker"] - before["broker"]) / count * 1e3,
        "client_cpu_ms": sum(cpu for _, cpu, _ in reports) / count * 1e3,
        "gateway_busy": (after["gateway"] - before["gateway"]) / seconds,
    }


# Setup -----------------------------------------------------------------------------------

def iam(gateway, *args):
    """`authctl iam ARGS` on the gateway's store, with the broker's KMS."""
    return throughput.gateway_fixtures.authctl(gateway.data_dir, "iam", *args)


def provision(gateway, workspace):
    fixtures = throughput.gateway_fixtures
    password = base64.b64encode(os.urandom(18)).decode()
    fixtures.add_scram_user(gateway.data_dir, SCRAM_USER, password, mechanisms=(MECHANISM,))
    iam(gateway, "user", "add", IAM_USER)
    created = json.loads(iam(gateway, "key", "create", "--user", IAM_USER, "--output", "json",
                             "--key-data-dir", str(gateway.broker.data_dir)))["AccessKey"]
    policy = workspace / "bench-connect.json"
    policy.write_text(json.dumps(IAM_POLICY))
    iam(gateway, "policy", "put", "bench-connect", "--file", str(policy))
    iam(gateway, "policy", "attach", "bench-connect", "--user", IAM_USER)
    time.sleep(fixtures.POLICY_PROPAGATION)
    fixtures.create_topic({"bootstrap.servers": gateway.broker.bootstrap, "broker.address.family": "v4"}, TOPIC)
    return {"gateway": gateway, "password": password, "iam_key": (created["AccessKeyId"], created["SecretAccessKey"])}


# Report ----------------------------------------------------------------------------------

def report(results, arguments):
    def median(path, key):
        return statistics.median(run[key] for run in results[path])

    print(f"\n{arguments.rounds} rounds, alternating order; {arguments.clients} client processes x "
          f"{arguments.phase_seconds:.0f} s per path; median (min-max)\n")
    header = (f"{'path':<16} {'connections/s':>18} {'gateway CPU ms/conn':>20} {'broker CPU ms/conn':>19} "
              f"{'client CPU ms/conn':>19} {'gateway cores busy':>19}")
    print(header)
    print("-" * len(header))
    for path in PATHS:
        runs = results[path]
        print(f"{path:<16} {spread([r['connections_per_s'] for r in runs], 0):>18} "
              f"{spread([r['gateway_cpu_ms'] for r in runs], 3):>20} {spread([r['broker_cpu_ms'] for r in runs], 3):>19} "
              f"{spread([r['client_cpu_ms'] for r in runs], 2):>19} {spread([r['gateway_busy'] for r in runs], 2):>19}")
    print("\nThe client processes' own TLS, SCRAM, signing and framing (client CPU) run on the same cores as the gateway\n"
          "and the broker, so connections/s measures the whole machine; gateway CPU per connection is the figure to judge.")
    print(f"\nAgainst {BASELINE} (ratio of medians, and the range of the per-round ratios)\n")
    print(f"{'path':<16} {'gateway CPU/conn':>18} {'per round':>15} {'connections/s':>14} {'per round':>15}  target")
    for path in PATHS[1:]:
        cpu_rounds = [run["gateway_cpu_ms"] / base["gateway_cpu_ms"] for run, base in zip(results[path], results[BASELINE])]
        rate_rounds = [run["connections_per_s"] / base["connections_per_s"]
                       for run, base in zip(results[path], results[BASELINE])]
        cpu_ratio = median(path, "gateway_cpu_ms") / median(BASELINE, "gateway_cpu_ms")
        rate_ratio = median(path, "connections_per_s") / median(BASELINE, "connections_per_s")
        target = TARGETS.get(path)
        verdict = (f"<= {target:.2f}x  {'PASS' if cpu_ratio <= target else 'MISS'}" if target else "(none)")
        print(f"{path:<16} {cpu_ratio:>17.3f}x {min(cpu_rounds):>6.2f}-{max(cpu_rounds):<6.2f}  {rate_ratio:>13.3f}x "
              f"{min(rate_rounds):>6.2f}-{max(rate_rounds):<6.2f}  {verdict}")
    for path in PATHS[1:]:
        added = median(path, "gateway_cpu_ms") - median(BASELINE, "gateway_cpu_ms")
        print(f"{path}: {added * 1e3:+.0f} us of gateway CPU per connection over {BASELINE}")


def main():
    arguments = parse_arguments()
    throughput.import_fixtures(arguments.binary)
    global iam_tokens
    import iam_tokens  # Tests/integration, on the path now: AWS's signer package and kafka-python's payload
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"portcullis IAM connection cost: {arguments.binary}; cores {os.cpu_count()}; load {load_average()}", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="portcullis-bench-iamconn-") as workspace, contextlib.ExitStack() as running:
        root = pathlib.Path(workspace)
        settings = {
            "listener.name.bare.ssl.client.auth": "none", "listener.name.bare.allow.anonymous": "true",
            "listener.name.scram.sasl.enabled.mechanisms": MECHANISM,
            "listener.name.iam.sasl.enabled.mechanisms": "OAUTHBEARER,AWS_MSK_IAM",
            "iam.region": REGION,
        }
        gateway = throughput.gateway_fixtures.start_gateway(root, LISTENERS, settings)
        running.callback(throughput.gateway_fixtures.stop_gateway, gateway)
        try:
            cluster = provision(gateway, root)
            results = {path: [] for path in PATHS}
            for round_number in range(arguments.rounds):
                order = PATHS if round_number % 2 == 0 else tuple(reversed(PATHS))
                for path in order:
                    run = run_phase(arguments, cluster, path)
                    results[path].append(run)
                    print(f"round {round_number + 1} {path:<16} {run['connections_per_s']:6.0f} connections/s, "
                          f"gateway {run['gateway_cpu_ms']:.3f} CPU ms/conn, client {run['client_cpu_ms']:.2f} "
                          f"(load {load_average()})", flush=True)
        except BaseException:
            print(f"--- gateway log ---\n{gateway.log.text()[-3000:]}", file=sys.stderr)
            raise
    report(results, arguments)
    print(f"\nload average after: {load_average()}; whole run {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except (BenchmarkError, AssertionError) as error:
        sys.exit(f"benchmark failed: {error}")
