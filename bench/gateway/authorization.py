#!/usr/bin/env python3
"""What authorization and the decision log cost, through one gateway, in one run.

Starts one `portcullis broker` and two `portcullis gateway`s in front of it, each
with a SASL_PLAINTEXT listener (TLS would add the same cost to every path and
hide what is measured here) and a policy store holding 1,000 ACLs and 100
network rules (applied with `authctl apply`), one of which covers the bench's
topics. Paths, alternating which goes first each round:
  - "super": a super user (`super.users`) on gateway A: no ACL is consulted
    (network rules still are): the baseline;
  - "acl-user": an ordinary user on gateway A whose access comes from
    prefixed ACLs among the 1,000 (target: <= 5 % below "super");
  - "acl-user-every-allow": the same user on gateway B, which records every
    ALLOW in its decision log (`audit.log.every.allow=true`; target: <= 10 %
    below "super").
Phases per path (confluent-kafka, 1 KiB records, Nagle off): produce acks=1,
consume, and produce latency at fixed rates in one-second turns. Reports
medians over rounds and the ratios against "super". The evaluator alone is
measured by scripts/bench-authorizer.sh.

Usage: authorization.py --binary PATH [--rounds N] [--records N] [--phase-seconds S] [--latency-rates R,R]
"""
import argparse
import base64
import contextlib
import os
import pathlib
import signal
import statistics
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))  # throughput.py's phases
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/common.py
import throughput  # noqa: E402
from common import BenchmarkError, load_average, make_payloads, spread  # noqa: E402

PATHS = ("super", "acl-user", "acl-user-every-allow")
TARGETS = {"acl-user": 0.95, "acl-user-every-allow": 0.90}
SUPER, USER = "bench-super", "bench"
MECHANISM = "SCRAM-SHA-512"
LISTENERS = {"SASL_PLAINTEXT": "SASL_PLAINTEXT"}


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path, help="release-built portcullis (authctl next to it)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--records", type=int, default=300_000, help="records per produce phase (default 300000)")
    parser.add_argument("--phase-seconds", type=float, default=8.0)
    parser.add_argument("--latency-rates", type=lambda text: [int(rate) for rate in text.split(",")], default=[1000])
    parser.add_argument("--latency-seconds", type=float, default=10.0)
    parser.add_argument("--every-allow-setting", action="append", default=[], metavar="KEY=VALUE",
                        help="another gateway.properties line for gateway B (e.g. audit.fsync=checkpoint); repeatable")
    return parser.parse_args()


def policy_yaml():
    """1,000 ACLs and 100 network rules: most for other services, a few for the bench user."""
    acls, rules = [], []
    for service in range(245):
        for operations, kind in ((["Write", "Describe"], "topic"), (["Read"], "topic"), (["Read"], "group")):
            acls.append(f"  - {{principal: 'User:svc-{service}', permission: ALLOW, operations: {operations}, "
                        f"{kind}: svc-{service}-, patternType: PREFIXED}}")
        acls.append(f"  - {{principal: 'User:svc-{service}', permission: DENY, operations: [Delete], topic: svc-{service}-audit}}")
    acls.append("  - {principal: 'User:*', permission: ALLOW, operations: [Describe], topic: shared-, patternType: PREFIXED}")
    for operations, kind in ((["Write", "Create", "Describe"], "topic"), (["Read"], "topic"), (["Read"], "group")):
        acls.append(f"  - {{principal: 'User:{USER}', permission: ALLOW, operations: {operations}, {kind}: bench-, "
                    "patternType: PREFIXED}")
    while len(acls) < 1000:
        acls.append(f"  - {{principal: 'User:filler-{len(acls)}', permission: ALLOW, operations: [Read], topic: filler-{len(acls)}}}")
    for rule in range(99):
        rules.append(f"  - {{topic: svc-{rule}-, patternType: PREFIXED, cidrs: ['10.{rule}.0.0/16'], operations: [Read, Write]}}")
    rules.append("  - {topic: bench-, patternType: PREFIXED, cidrs: ['127.0.0.0/8']}")
    return "acls:\n" + "\n".join(acls) + "\nnetworkRules:\n" + "\n".join(rules) + "\n"


def prepare(gateway, workspace, password):
    fixtures = throughput.gateway_fixtures
    policy = workspace / f"policy-{gateway.root.name}.yaml"
    policy.write_text(policy_yaml())
    fixtures.authctl(gateway.data_dir, "apply", "-f", str(policy))
    for user in (SUPER, USER):
        fixtures.add_scram_user(gateway.data_dir, user, password, mechanisms=(MECHANISM,))


class Paths:
    """What throughput.py's phases need: settings and the gateway of each path ("direct"
    is the super user, who creates the topics)."""

    def __init__(self, plain, every_allow, password):
        common = {"broker.address.family": "v4", "socket.nagle.disable": True, "log_level": 4}
        self.settings = {
            "super": {**common, **plain.scram("SASL_PLAINTEXT", SUPER, password, MECHANISM)},
            "acl-user": {**common, **plain.scram("SASL_PLAINTEXT", USER, password, MECHANISM)},
            "acl-user-every-allow": {**common, **every_allow.scram("SASL_PLAINTEXT", USER, password, MECHANISM)},
        }
        self.settings["direct"] = self.settings["super"]
        self.gateway = {"super": plain, "acl-user": plain, "acl-user-every-allow": every_allow}
        self.names = PATHS


def run_round(arguments, paths, round_number, payloads, order):
    runs = {}
    for path in order:
        topic = f"bench-{round_number}-{path}"
        throughput.gateway_fixtures.create_topic(paths.settings["super"], topic)
        gateway, settings = paths.gateway[path], paths.settings[path]
        produced = throughput.produce(gateway, settings, topic, payloads, arguments.records, "1", arguments.phase_seconds)
        consumed = throughput.consume(gateway, settings, topic, payloads, produced["records"], arguments.phase_seconds * 3)
        runs[path] = {"produce acks=1": produced, "consume": consumed}
    for rate in arguments.latency_rates:
        latencies = throughput.measure_latency(paths, round_number, payloads, rate, arguments.latency_seconds, first=order[0])
        for path in order:
            runs[path][f"latency {rate}/s"] = latencies[path]
    return runs


def report(results, arguments):
    def median(path, phase, key):
        return statistics.median(run[phase][key] for run in results[path])

    print(f"\n{arguments.rounds} rounds, alternating order; median (min-max). 1,000 ACLs and 100 network rules loaded.\n")
    print(f"{'phase':<16} {'path':<22} {'MB/s':>16} {'gateway CPU s/GB':>18}")
    for phase in ("produce acks=1", "consume"):
        for path in PATHS:
            runs = results[path]
            print(f"{phase:<16} {path:<22} {spread([r[phase]['mb_per_s'] for r in runs], 1):>16} "
                  f"{spread([r[phase]['gateway_cpu_per_gb'] for r in runs], 2):>18}")
    for rate in arguments.latency_rates:
        phase = f"latency {rate}/s"
        for path in PATHS:
            runs = results[path]
            print(f"{phase:<16} {path:<22} p50 {spread([r[phase]['p50_ms'] for r in runs], 2)} ms, "
                  f"p99 {spread([r[phase]['p99_ms'] for r in runs], 2)} ms")
    print("\nAgainst the super user (medians)\n")
    for path, target in TARGETS.items():
        ratios = [median(path, phase, "mb_per_s") / median("super", phase, "mb_per_s") for phase in ("produce acks=1", "consume")]
        p99s = [median(path, f"latency {rate}/s", "p99_ms") - median("super", f"latency {rate}/s", "p99_ms")
                for rate in arguments.latency_rates]
        verdict = "within target" if min(ratios) >= target else "MISSES target"
        print(f"{path:<22} produce {ratios[0]:.3f}, consume {ratios[1]:.3f} (target >= {target:.2f})  {verdict}; "
              f"p99 {', '.join(f'{d:+.2f} ms' for d in p99s)}")


def main():
    arguments = parse_arguments()
    throughput.import_fixtures(arguments.binary)
    fixtures = throughput.gateway_fixtures
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    payloads = make_payloads(1024)
    print(f"portcullis authorization cost: {arguments.binary}; cores {os.cpu_count()}; load {load_average()}", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="portcullis-bench-authz-") as workspace, contextlib.ExitStack() as running:
        root = pathlib.Path(workspace)
        settings = {"allow.everyone.if.no.acl.found": "false", "super.users": f"User:{SUPER}"}
        plain = fixtures.start_gateway(root / "a", LISTENERS, settings)
        running.callback(fixtures.stop_gateway, plain)
        extra = dict(setting.split("=", 1) for setting in arguments.every_allow_setting)
        every_allow = fixtures.GatewayProcess(root / "b", plain.broker, LISTENERS,
                                              {**settings, "audit.log.every.allow": "true", **extra}).start()
        running.callback(every_allow.stop)
        password = base64.b64encode(os.urandom(18)).decode()
        for gateway in (plain, every_allow):
            prepare(gateway, root, password)
        paths = Paths(plain, every_allow, password)
        results = {path: [] for path in PATHS}
        for round_number in range(arguments.rounds):
            order = PATHS if round_number % 2 == 0 else tuple(reversed(PATHS))
            for path, run in run_round(arguments, paths, round_number, payloads, order).items():
                results[path].append(run)
                print(f"round {round_number + 1} {path:<22} produce {run['produce acks=1']['mb_per_s']:.1f} MB/s, "
                      f"consume {run['consume']['mb_per_s']:.1f} MB/s (load {load_average()})", flush=True)
        decisions = sum(1 for _ in (every_allow.data_dir / "audit").glob("decisions-*.jsonl"))
        print(f"gateway B's decision log: {decisions} file(s)")
    report(results, arguments)
    print(f"\nload average after: {load_average()}; whole run {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    try:
        main()
    except (BenchmarkError, AssertionError) as error:
        sys.exit(f"benchmark failed: {error}")
