#!/usr/bin/env python3
"""What IAM policy evaluation costs per request, through one gateway, in one run.

Starts one `portcullis broker` and one `portcullis gateway` in front of it with
two SASL_PLAINTEXT listeners on loopback (TLS would add the same cost to both
paths and hide what is measured here): IAM (`sasl.enabled.mechanisms=OAUTHBEARER`)
and SCRAM (SCRAM-SHA-512). The policy store holds an IAM role `bench` with 100
policy documents attached (`authctl iam policy put` + `attach --role`): 99 that
do not grant the bench's requests (other topics and groups, Allows whose
conditions fail, Denies of other actions or of the bench topics under
conditions that do not hold, so conditions are evaluated on every request) and,
attached last, one that allows the bench's topics and groups. Paths, alternating
which goes first each round:
  - "super": a SCRAM super user (`super.users=User:bench-super`): no ACL or
    policy consulted: the baseline;
  - "iam-role": a role session (`authctl iam session issue --role bench
    --duration 1h`) through confluent-kafka's `oauth_cb`, whose tokens AWS's
    signer package makes from those temporary credentials; every request is
    authorized by the role's 100 policies (target: >= 0.95 of "super").
Phases per path (confluent-kafka, 1 KiB records, Nagle off; throughput.py's):
produce acks=1 and consume throughput, and produce at fixed rates (acks=1,
linger.ms=0: each record its own request) in one-second turns, which gives the
gateway's CPU per request, the most direct view of a per-request cost.

Usage: iam_authorization.py --binary PATH [--rounds N] [--records N] [--phase-seconds S]
                            [--latency-rates R,R] [--latency-seconds S]
"""
import argparse
import base64
import contextlib
import json
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

PATHS = ("super", "iam-role")
TARGET = 0.95
SUPER, ROLE, MECHANISM, REGION = "bench-super", "bench", "SCRAM-SHA-512", "us-east-1"
LISTENERS = {"IAM": "SASL_PLAINTEXT", "SCRAM": "SASL_PLAINTEXT"}
POLICIES = 100
ARN = "arn:aws:kafka:us-east-1:000000000000"


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path, help="release-built portcullis (authctl next to it)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--records", type=int, default=300_000, help="records per produce phase (default 300000)")
    parser.add_argument("--phase-seconds", type=float, default=8.0)
    parser.add_argument("--latency-rates", type=lambda text: [int(rate) for rate in text.split(",") if rate], default=[1000],
                        help="records/s of each fixed-rate phase, comma-separated; empty for none (default 1000)")
    parser.add_argument("--latency-seconds", type=float, default=8.0)
    arguments = parser.parse_args()
    if not arguments.binary.is_file() or not (arguments.binary.parent / "authctl").is_file():
        parser.error(f"{arguments.binary} and an authctl next to it must exist")
    if min(arguments.rounds, arguments.records, *arguments.latency_rates) < 1:
        parser.error("--rounds, --records and --latency-rates must be positive")
    if not 0 < arguments.phase_seconds <= 120 or not 0 < arguments.latency_seconds <= 120:
        parser.error("--phase-seconds and --latency-seconds must be in (0, 120]")
    return arguments


# The role's 100 policies ------------------------------------------------------------------

def topic_arn(name):
    return f"{ARN}:topic/portcullis/*/{name}"


def group_arn(name):
    return f"{ARN}:group/portcullis/*/{name}"


def filler_policy(index):
    """One of the 99 documents that grant none of the bench's requests, five kinds in turn."""
    kind = index % 5
    if kind == 0:  # another service's topics
        statements = [{"Sid": "OtherTopics", "Effect": "Allow",
                       "Action": ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData", "kafka-cluster:ReadData"],
                       "Resource": [topic_arn(f"svc-{index}-*"), topic_arn(f"svc-{index}-dlq")]},
                      {"Sid": "NoAudit", "Effect": "Deny", "Action": "kafka-cluster:WriteData",
                       "Resource": topic_arn(f"svc-{index}-audit")}]
    elif kind == 1:  # another service's groups
        statements = [{"Sid": "OtherGroups", "Effect": "Allow",
                       "Action": ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
                       "Resource": group_arn(f"svc-{index}-*")}]
    elif kind == 2:  # the bench topics, but only from an address the bench is not at
        statements = [{"Sid": "FromOtherNetwork", "Effect": "Allow",
                       "Action": ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData", "kafka-cluster:ReadData"],
                       "Resource": topic_arn("bench-*"),
                       "Condition": {"IpAddress": {"aws:SourceIp": [f"10.{index}.0.0/16", f"192.168.{index}.0/24"]}}}]
    elif kind == 3:  # Denies of other actions, and of the bench topics outside loopback (evaluated, never applies)
        statements = [{"Sid": "NoDeletes", "Effect": "Deny",
                       "Action": ["kafka-cluster:DeleteTopic", "kafka-cluster:DeleteGroup", "kafka-cluster:AlterCluster"],
                       "Resource": "*"},
                      {"Sid": "OnlyLoopback", "Effect": "Deny", "Action": "kafka-cluster:*",
                       "Resource": [topic_arn("bench-*"), group_arn("bench-*")],
                       "Condition": {"NotIpAddress": {"aws:SourceIp": "127.0.0.0/8"}}}]
    else:  # the bench topics, but only in a time window that has not come
        statements = [{"Sid": "Later", "Effect": "Allow", "Action": "kafka-cluster:*",
                       "Resource": [topic_arn("bench-*"), group_arn("bench-*")],
                       "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2099-01-01T00:00:00Z"},
                                     "StringEquals": {"aws:PrincipalAccount": "000000000000"}}},
                      {"Sid": "OtherPrefix", "Effect": "Allow", "Action": "kafka-cluster:WriteData",
                       "Resource": topic_arn(f"team-{index}-*")}]
    return {"Version": "2012-10-17", "Statement": statements}


BENCH_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Sid": "Connect", "Effect": "Allow", "Action": "kafka-cluster:Connect", "Resource": f"{ARN}:cluster/portcullis/*"},
    {"Sid": "BenchTopics", "Effect": "Allow",
     "Action": ["kafka-cluster:DescribeTopic", "kafka-cluster:WriteData", "kafka-cluster:ReadData"],
     "Resource": topic_arn("bench-*")},
    {"Sid": "BenchGroups", "Effect": "Allow", "Action": ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"],
     "Resource": group_arn("bench-*")}]}


def iam(gateway, *args):
    return throughput.gateway_fixtures.authctl(gateway.data_dir, "iam", *args)


def provision(gateway, workspace):
    """The super user, the role with its 100 policies, and a one-hour session of it."""
    fixtures = throughput.gateway_fixtures
    password = base64.b64encode(os.urandom(18)).decode()
    fixtures.add_scram_user(gateway.data_dir, SUPER, password, mechanisms=(MECHANISM,))
    iam(gateway, "role", "add", ROLE)
    documents = [(f"p{index:03d}-filler", filler_policy(index)) for index in range(POLICIES - 1)]
    documents.append((f"p{POLICIES - 1:03d}-bench", BENCH_POLICY))  # attached last
    for name, document in documents:
        path = workspace / f"{name}.json"
        path.write_text(json.dumps(document))
        iam(gateway, "policy", "put", name, "--file", str(path))
        iam(gateway, "policy", "attach", name, "--role", ROLE)
    issued = json.loads(iam(gateway, "session", "issue", "--role", ROLE, "--duration", "1h", "--session-name", "bench",
                            "--output", "json", "--key-data-dir", str(gateway.broker.data_dir)))
    time.sleep(fixtures.POLICY_PROPAGATION)
    credentials = issued["Credentials"]
    return password, (credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])


class Paths:
    """What throughput.py's phases need: settings and the gateway of each path ("direct" is the super user,
    who creates the topics)."""

    def __init__(self, gateway, password, session):
        self.tokens = 0

        def oauth_cb(_config):
            self.tokens += 1
            token, expiry_ms = iam_tokens.signer_token(REGION, *session)
            return token, expiry_ms / 1000

        common = {"broker.address.family": "v4", "socket.nagle.disable": True, "log_level": 4}
        self.settings = {
            "super": {**common, **gateway.scram("SCRAM", SUPER, password, MECHANISM)},
            "iam-role": {**common, "bootstrap.servers": f"localhost:{gateway.ports['IAM']}",
                         "security.protocol": "SASL_PLAINTEXT", "sasl.mechanisms": "OAUTHBEARER", "oauth_cb": oauth_cb},
        }
        self.settings["direct"] = self.settings["super"]
        self.gateway = dict.fromkeys(PATHS, gateway)
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
            run = latencies[path]
            runs[path][f"rate {rate}/s"] = {**run, "gateway_us_per_request": run["gateway_cpu"] / run["records"] * 1e6}
    return runs


def report(results, arguments):
    def median(path, phase, key):
        return statistics.median(run[phase][key] for run in results[path])

    print(f"\n{arguments.rounds} rounds, alternating order; median (min-max). Role 'bench' has {POLICIES} IAM policies "
          "attached; the super user none.\n")
    print(f"{'phase':<16} {'path':<10} {'MB/s':>20} {'gateway CPU s/GB':>20} {'client CPU s/GB':>20}")
    for phase in ("produce acks=1", "consume"):
        for path in PATHS:
            runs = results[path]
            print(f"{phase:<16} {path:<10} {spread([r[phase]['mb_per_s'] for r in runs], 1):>20} "
                  f"{spread([r[phase]['gateway_cpu_per_gb'] for r in runs], 2):>20} "
                  f"{spread([r[phase]['client_cpu_per_gb'] for r in runs], 2):>20}")
    for rate in arguments.latency_rates:
        phase = f"rate {rate}/s"
        for path in PATHS:
            runs = results[path]
            print(f"{phase:<16} {path:<10} gateway CPU {spread([r[phase]['gateway_us_per_request'] for r in runs], 0)} "
                  f"us/request, p50 {spread([r[phase]['p50_ms'] for r in runs], 2)} ms, "
                  f"p99 {spread([r[phase]['p99_ms'] for r in runs], 2)} ms")
    print("\niam-role / super (ratio of medians, and the range of the per-round ratios)\n")
    print(f"{'phase':<16} {'MB/s':>7} {'per round':>13} {'gateway CPU s/GB':>17}  target")
    for phase in ("produce acks=1", "consume"):
        ratio = median("iam-role", phase, "mb_per_s") / median("super", phase, "mb_per_s")
        rounds = [run[phase]["mb_per_s"] / base[phase]["mb_per_s"] for run, base in zip(results["iam-role"], results["super"])]
        cpu = median("iam-role", phase, "gateway_cpu_per_gb") / median("super", phase, "gateway_cpu_per_gb")
        print(f"{phase:<16} {ratio:>7.3f} {min(rounds):>6.2f}-{max(rounds):<6.2f} {cpu:>16.3f}x  "
              f">= {TARGET:.2f}  {'PASS' if ratio >= TARGET else 'MISS'}")
    for rate in arguments.latency_rates:
        phase = f"rate {rate}/s"
        added = median("iam-role", phase, "gateway_us_per_request") - median("super", phase, "gateway_us_per_request")
        p99 = median("iam-role", phase, "p99_ms") - median("super", phase, "p99_ms")
        print(f"{phase}: gateway CPU per request {added:+.0f} us for iam-role "
              f"({median('iam-role', phase, 'gateway_us_per_request') / median('super', phase, 'gateway_us_per_request'):.3f}x), "
              f"p99 {p99:+.2f} ms (no target; diagnostic)")


def main():
    arguments = parse_arguments()
    throughput.import_fixtures(arguments.binary)
    global iam_tokens
    import iam_tokens  # Tests/integration, on the path now: AWS's signer package
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    payloads = make_payloads(1024)
    print(f"portcullis IAM authorization cost: {arguments.binary}; cores {os.cpu_count()}; load {load_average()}", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="portcullis-bench-iamauthz-") as workspace, contextlib.ExitStack() as running:
        root = pathlib.Path(workspace)
        settings = {"allow.everyone.if.no.acl.found": "false", "super.users": f"User:{SUPER}", "iam.region": REGION,
                    "listener.name.iam.sasl.enabled.mechanisms": "OAUTHBEARER",
                    "listener.name.scram.sasl.enabled.mechanisms": MECHANISM}
        gateway = throughput.gateway_fixtures.start_gateway(root, LISTENERS, settings)
        running.callback(throughput.gateway_fixtures.stop_gateway, gateway)
        try:
            password, session = provision(gateway, root)
            paths = Paths(gateway, password, session)
            results = {path: [] for path in PATHS}
            for round_number in range(arguments.rounds):
                order = PATHS if round_number % 2 == 0 else tuple(reversed(PATHS))
                for path, run in run_round(arguments, paths, round_number, payloads, order).items():
                    results[path].append(run)
                    print(f"round {round_number + 1} {path:<10} produce {run['produce acks=1']['mb_per_s']:.1f} MB/s, "
                          f"consume {run['consume']['mb_per_s']:.1f} MB/s (load {load_average()})", flush=True)
            print(f"oauth_cb made {paths.tokens} token(s) (one per client: producers, consumers)")
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
