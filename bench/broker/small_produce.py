#!/usr/bin/env python3
"""Broker CPU per small produce request: the cost of the request path itself.

Starts a fresh encrypted `portcullis broker` (free loopback port, fresh data
directory under $TMPDIR, development root key) for each round, creates one
topic, and sends 1 KiB records with confluent-kafka at a fixed rate
(linger.ms=0, acks=1 by default: one record per Produce request), each
delivery report timed from its produce() call. After a warm-up, over the
measured window it reads from /proc:
  - the broker's CPU (utime+stime of /proc/PID/stat, all threads);
  - context switches of every broker thread (voluntary + involuntary, from
    /proc/PID/task/*/status), and the CPU of each thread name;
  - the Produce requests the client actually sent (librdkafka's statistics,
    `brokers.*.req.Produce`), which the CPU is divided by.
Prints per round and as medians: µs of broker CPU per Produce request,
context switches per request, delivery latency p50/p99, and the broker's
CPU by thread name. `--perf FILE` also records `perf record -g` of the broker
over the window of the last round (perf must be installed).

Every loop is bounded: --seconds of sending per round, a flush of at most 30 s.

Usage: small_produce.py --binary PATH [--rate N] [--seconds S] [--rounds N]
                        [--acks 1|all] [--record-bytes N] [--perf FILE]
"""
import argparse
import collections
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

from confluent_kafka import Producer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/, for common.py
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))  # bench/broker/, for throughput.py
from common import BenchmarkError, load_average, make_payloads, process_cpu_seconds
from throughput import Broker, create_topic

WARM_UP_SECONDS = 2.0
FLUSH_SECONDS = 30.0


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path, help="the release-built portcullis binary")
    parser.add_argument("--rate", type=int, default=1000, help="records (= requests) per second (default 1000)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured window per round (default 10)")
    parser.add_argument("--rounds", type=int, default=3, help="fresh brokers; medians are reported (default 3)")
    parser.add_argument("--acks", choices=["0", "1", "all"], default="1", help="producer acks (default 1)")
    parser.add_argument("--record-bytes", type=int, default=1024, help="value size (default 1024)")
    parser.add_argument("--perf", type=pathlib.Path, help="write `perf record -g` of the last round's window here")
    arguments = parser.parse_args()
    if not arguments.binary.is_file():
        parser.error(f"{arguments.binary} is not a file")
    if not (1 <= arguments.rate <= 20_000) or not (1 <= arguments.seconds <= 120) or arguments.rounds < 1:
        parser.error("--rate 1-20000, --seconds 1-120 and --rounds >= 1")
    return arguments


def thread_figures(pid):
    """{thread name: (CPU seconds, context switches)} summed over the broker's threads."""
    ticks = os.sysconf("SC_CLK_TCK")
    figures = collections.defaultdict(lambda: [0.0, 0])
    for task in pathlib.Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
            status = (task / "status").read_text()
        except FileNotFoundError:
            continue  # the thread ended meanwhile
        name = re.sub(r"\d+", "#", stat[stat.index("(") + 1:stat.rindex(")")])
        fields = stat.rsplit(")", 1)[1].split()
        switches = sum(int(line.split()[1]) for line in status.splitlines() if "ctxt_switches" in line)
        figures[name][0] += (int(fields[11]) + int(fields[12])) / ticks
        figures[name][1] += switches
    return figures


def difference(after, before):
    return {name: (cpu - before.get(name, (0.0, 0))[0], switches - before.get(name, (0.0, 0))[1])
            for name, (cpu, switches) in after.items()}


class RequestCounter:
    """The Produce requests librdkafka sent, from its statistics callback."""

    def __init__(self):
        self.produce_requests = 0

    def __call__(self, text):
        brokers = json.loads(text).get("brokers", {}).values()
        self.produce_requests = sum(broker.get("req", {}).get("Produce", 0) for broker in brokers)


def run_round(arguments, payloads, perf_path):
    with tempfile.TemporaryDirectory(prefix="portcullis-bench-small-") as workspace:
        broker = Broker(arguments.binary, "encrypted", pathlib.Path(workspace), {})
        try:
            broker.wait_until_listening()
            create_topic(broker.bootstrap, "small")
            return measure(broker, arguments, payloads, perf_path)
        except Exception:
            print(f"--- broker log ---\n{broker.log_tail()}", file=sys.stderr)
            raise
        finally:
            broker.stop()


def measure(broker, arguments, payloads, perf_path):
    counter = RequestCounter()
    producer = Producer({
        "bootstrap.servers": broker.bootstrap, "acks": arguments.acks, "linger.ms": 0, "compression.type": "none",
        "statistics.interval.ms": 100, "stats_cb": counter,
    })
    producer.list_topics("small", timeout=10)
    latencies, failures = [], []

    def on_delivery(error, _message):
        if error is not None:
            failures.append(error)

    def timed_delivery(sent):
        def report(error, message):
            on_delivery(error, message)
            latencies.append(time.perf_counter() - sent)
        return report

    def send_for(seconds, timed):
        interval = 1.0 / arguments.rate
        start = time.perf_counter()
        count = int(seconds * arguments.rate)
        for i in range(count):
            while (wait := start + i * interval - time.perf_counter()) > 0:
                producer.poll(min(wait, 0.001))
            callback = timed_delivery(time.perf_counter()) if timed else on_delivery
            producer.produce("small", payloads[i % len(payloads)], partition=0, on_delivery=callback)
            producer.poll(0)
        return count

    send_for(WARM_UP_SECONDS, timed=False)
    if producer.flush(FLUSH_SECONDS):
        raise BenchmarkError("the warm-up was not delivered")
    time.sleep(0.3)  # a last statistics callback
    producer.poll(0)
    requests_before = counter.produce_requests
    cpu_before, threads_before = process_cpu_seconds(broker.process.pid), thread_figures(broker.process.pid)
    perf = None
    if perf_path:
        perf = subprocess.Popen(["perf", "record", "-g", "-q", "-o", str(perf_path), "-p", str(broker.process.pid)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    sent = send_for(arguments.seconds, timed=True)
    undelivered = producer.flush(FLUSH_SECONDS)
    elapsed = time.perf_counter() - started
    if perf:
        perf.send_signal(2)
        perf.wait(timeout=60)
    cpu = process_cpu_seconds(broker.process.pid) - cpu_before
    threads = difference(thread_figures(broker.process.pid), threads_before)
    time.sleep(0.3)
    producer.poll(0)
    requests = counter.produce_requests - requests_before
    if failures or undelivered or (arguments.acks != "0" and len(latencies) != sent):
        raise BenchmarkError(f"{len(failures)} failed ({failures[:3]}), {undelivered} undelivered")
    if requests <= 0:
        raise BenchmarkError("librdkafka's statistics counted no Produce request")
    latencies.sort()
    return {
        "records": sent, "requests": requests, "seconds": elapsed, "cpu": cpu,
        "us_per_request": cpu / requests * 1e6,
        "switches_per_request": sum(s for _, s in threads.values()) / requests,
        "p50_ms": latencies[len(latencies) // 2] * 1e3 if latencies else float("nan"),
        "p99_ms": latencies[int(len(latencies) * 0.99)] * 1e3 if latencies else float("nan"),
        "threads": threads,
    }


def report(rounds, arguments):
    def median(key):
        return statistics.median(run[key] for run in rounds)

    print(f"\n{arguments.rate} records/s of {arguments.record_bytes} B, acks={arguments.acks}, linger.ms=0, "
          f"{arguments.seconds:.0f} s measured, {len(rounds)} rounds; medians (min-max)")
    for key, label, digits in (("us_per_request", "broker CPU µs per Produce request", 1),
                               ("switches_per_request", "broker context switches per request", 2),
                               ("p50_ms", "delivery latency p50 ms", 2), ("p99_ms", "delivery latency p99 ms", 2)):
        values = [run[key] for run in rounds]
        print(f"  {label:<40} {median(key):>9.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})")
    print(f"  {'records / requests':<40} {median('records'):>9.0f} / {median('requests'):.0f}")
    print("\nbroker CPU µs and context switches per request, by thread name (median round):")
    middle = sorted(rounds, key=lambda run: run["us_per_request"])[len(rounds) // 2]
    for name, (cpu, switches) in sorted(middle["threads"].items(), key=lambda item: -item[1][0]):
        if cpu or switches:
            print(f"  {name:<24} {cpu / middle['requests'] * 1e6:>8.1f} µs {switches / middle['requests']:>8.2f} switches")


def main():
    arguments = parse_arguments()
    payloads = make_payloads(arguments.record_bytes)
    print(f"portcullis broker small produce: {arguments.binary}")
    print(f"cores: {os.cpu_count()}; load average before: {load_average()}")
    rounds = []
    for number in range(arguments.rounds):
        last = number == arguments.rounds - 1
        run = run_round(arguments, payloads, arguments.perf if last else None)
        rounds.append(run)
        print(f"round {number + 1}: {run['us_per_request']:.1f} µs/request, {run['switches_per_request']:.2f} switches/request, "
              f"p50 {run['p50_ms']:.2f} ms, {run['requests']} requests for {run['records']} records "
              f"(load {load_average()})", flush=True)
    report(rounds, arguments)
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    try:
        main()
    except BenchmarkError as error:
        sys.exit(f"benchmark failed: {error}")
