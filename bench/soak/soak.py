"""Soak: many concurrent authenticated clients producing and consuming through
`portcullis dev` for a bounded time, with the gateway's resident memory sampled
throughout.

Half the clients are aiokafka producers (acks=all, one small record every
--interval seconds each), half aiokafka consumers (each assigned one partition,
reading from its end, no group), all over SASL_SSL with SCRAM-SHA-512 to dev's
SCRAM listener, each with its own connections. Clients start spread over
--ramp seconds; once all are up and --warmup seconds have passed, the
resident set is taken as the baseline and the --seconds of the run begin. Reported, and checked against the limits given:
  - client errors (any exception a producer or consumer raised; must be 0),
  - produce acknowledgement latency p50/p99 and produce-to-consume latency p99,
  - the dev process's RSS after warm-up, at the end and its peak, and the
    growth after warm-up (--rss-growth-limit-mib).
Exit 1 when a check fails. One asyncio loop drives every client, so the client
side is bounded by one core; SCRAM's PBKDF2 is cached per password
(bench/common.py), as RFC 5802 allows a client to.

  python3 bench/soak/soak.py --binary .build/release/portcullis --clients 1000 --seconds 600
  (scripts/soak.sh runs it against a release build; the README test command runs a 60-second version)
"""
import argparse
import asyncio
import json
import pathlib
import resource
import ssl
import statistics
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
from common import salted_passwords_cached  # noqa: E402

TOPIC = "soak"
PARTITIONS = 8


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=pathlib.Path, required=True, help="portcullis (authctl next to it)")
    parser.add_argument("--clients", type=int, default=1000, help="producers + consumers (default 1000)")
    parser.add_argument("--seconds", type=float, default=600, help="length of the run after warm-up (default 600)")
    parser.add_argument("--warmup", type=float, default=30, help="seconds before the memory baseline (default 30)")
    parser.add_argument("--ramp", type=float, default=30,
                        help="seconds over which the clients start, evenly (default 30: a client's TLS handshake and "
                             "SCRAM exchange cost this single-threaded client a few ms each)")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between a producer's records (default 1)")
    parser.add_argument("--rss-growth-limit-mib", type=float, default=32,
                        help="largest RSS growth after warm-up that passes (default 32)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    arguments = parser.parse_args()
    if arguments.clients < 2 or arguments.clients > 5000 or not 0 < arguments.seconds <= 3600:
        parser.error("--clients must be 2..5000 and --seconds in (0, 3600]")
    return arguments


def resident_mib(pid):
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


class Soak:
    """The clients. Each runs until `deadline`, which is set once every client is up and the
    warm-up has passed (`baseline_time`); until then it is infinitely far."""

    def __init__(self, cluster, clients, interval):
        self.cluster = cluster
        self.clients = clients
        self.interval = interval
        self.deadline = float("inf")
        self.baseline_time = None
        self.up = 0
        self.errors = []
        self.ack_latencies = []
        self.delivery_latencies = []
        self.produced = 0
        self.consumed = 0

    def client_settings(self):
        context = ssl.create_default_context(cafile=str(self.cluster.ca))
        return {"bootstrap_servers": f"localhost:{self.cluster.scram_port}", "security_protocol": "SASL_SSL",
                "sasl_mechanism": "SCRAM-SHA-512", "sasl_plain_username": "admin",
                "sasl_plain_password": self.cluster.admin_password, "ssl_context": context,
                "request_timeout_ms": 30000}

    async def producer(self, index):
        from aiokafka import AIOKafkaProducer
        producer = AIOKafkaProducer(**self.client_settings(), acks="all", client_id=f"soak-producer-{index}")
        try:
            await producer.start()
            self.up += 1
            partition = (index // 2) % PARTITIONS
            while time.monotonic() < self.deadline:
                sent = time.monotonic()
                await producer.send_and_wait(TOPIC, json.dumps({"at": time.time()}).encode(), partition=partition)
                self.ack_latencies.append(time.monotonic() - sent)
                self.produced += 1
                await asyncio.sleep(max(0.0, self.interval - (time.monotonic() - sent)))
        except Exception as error:  # noqa: BLE001 (every client error is counted and reported)
            self.errors.append(f"producer {index}: {error!r}")
        finally:
            await producer.stop()

    async def consumer(self, index):
        from aiokafka import AIOKafkaConsumer, TopicPartition
        consumer = AIOKafkaConsumer(**self.client_settings(), group_id=None, enable_auto_commit=False,
                                    client_id=f"soak-consumer-{index}")
        try:
            await consumer.start()
            partition = TopicPartition(TOPIC, (index // 2) % PARTITIONS)
            consumer.assign([partition])
            await consumer.seek_to_end(partition)
            self.up += 1
            while time.monotonic() < self.deadline:
                batches = await consumer.getmany(timeout_ms=500, max_records=500)
                now = time.time()
                for records in batches.values():
                    for record in records:
                        self.delivery_latencies.append(now - json.loads(record.value)["at"])
                        self.consumed += 1
        except Exception as error:  # noqa: BLE001
            self.errors.append(f"consumer {index}: {error!r}")
        finally:
            await consumer.stop()

    async def run(self, ramp_seconds):
        tasks = []
        for index in range(self.clients):
            role = self.producer if index % 2 == 0 else self.consumer
            tasks.append(asyncio.create_task(role(index)))
            await asyncio.sleep(ramp_seconds / self.clients)
        await asyncio.gather(*tasks)


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def sample_memory(pid, samples, stop):
    while not stop.is_set():
        samples.append((time.monotonic(), resident_mib(pid)))
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except asyncio.TimeoutError:
            pass


async def start_the_clock(run, warmup, seconds, started):
    """Sets the run's deadline once every client is up and the warm-up has passed."""
    while run.up < run.clients and not run.errors:
        await asyncio.sleep(0.2)
    run.baseline_time = max(time.monotonic(), started + warmup)
    run.deadline = run.baseline_time + seconds


async def soak(arguments, cluster):
    samples = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(cluster.process.pid, samples, stop))
    started = time.monotonic()
    run = Soak(cluster, arguments.clients, arguments.interval)
    clock = asyncio.create_task(start_the_clock(run, arguments.warmup, arguments.seconds, started))
    await run.run(ramp_seconds=arguments.ramp)
    await clock
    stop.set()
    await sampler
    after = [mib for moment, mib in samples if moment >= run.baseline_time]
    baseline = after[0] if after else samples[-1][1]
    return {
        "clients": arguments.clients, "seconds": arguments.seconds, "warmup": arguments.warmup,
        "all_up_after_s": round(run.baseline_time - started, 1),
        "client_errors": len(run.errors), "first_errors": run.errors[:5],
        "produced": run.produced, "consumed": run.consumed,
        "ack_p50_ms": round(1000 * (percentile(run.ack_latencies, 0.5) or 0), 2),
        "ack_p99_ms": round(1000 * (percentile(run.ack_latencies, 0.99) or 0), 2),
        "delivery_p99_ms": round(1000 * (percentile(run.delivery_latencies, 0.99) or 0), 2),
        "rss_after_warmup_mib": round(baseline, 1), "rss_end_mib": round(samples[-1][1], 1),
        "rss_peak_mib": round(max(mib for _, mib in samples), 1),
        "rss_growth_after_warmup_mib": round(max(after or [baseline]) - baseline, 1),
        "rss_median_after_warmup_mib": round(statistics.median(after), 1) if after else None,
    }


def main():
    arguments = parse_arguments()
    import os
    os.environ["PORTCULLIS_BIN"] = str(arguments.binary)
    os.environ["AUTHCTL_BIN"] = str(arguments.binary.parent / "authctl")
    sys.path.insert(0, str(ROOT / "Tests" / "integration"))
    from gateway_fixtures import DevCluster, create_topic
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = 6 * arguments.clients + 1000  # this process's sockets, and the gateway's client and upstream ones
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(needed, hard)), hard))
    with tempfile.TemporaryDirectory(prefix="portcullis-soak-") as workspace:
        cluster = DevCluster(pathlib.Path(workspace)).start()
        try:
            create_topic(cluster.scram(), TOPIC, PARTITIONS)
            with salted_passwords_cached():
                figures = asyncio.run(soak(arguments, cluster))
            figures["dev_alive"] = cluster.alive()
        finally:
            cluster.stop()
    failures = []
    if figures["client_errors"]:
        failures.append(f"{figures['client_errors']} client errors, e.g. {figures['first_errors']}")
    if figures["rss_growth_after_warmup_mib"] > arguments.rss_growth_limit_mib:
        failures.append(f"RSS grew {figures['rss_growth_after_warmup_mib']} MiB after warm-up "
                        f"(limit {arguments.rss_growth_limit_mib})")
    if not figures["produced"] or not figures["consumed"]:
        failures.append("nothing was produced or consumed")
    figures["failures"] = failures
    if arguments.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:32} {value}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
