#!/usr/bin/env python3
"""What TLS record size costs the gateway: the same bytes sent over TLS in
16 KiB records, in 1 KiB records, and in alternating ~40 B and 1 KiB records
(the pattern librdkafka's producer writes, one record per write with Nagle's
algorithm off), reported as the gateway's CPU seconds per GB received.

Starts one broker and one gateway (SASL_SSL listener) from the integration
tests' fixtures. The load is ApiVersions v0 requests carrying 60,000 bytes of
trailing padding, which the gateway reads, decrypts and cuts into frames
before authentication like any other request (and answers itself, so the
broker is not involved); each is sent, record by record, and its answer read
before the next. Rounds alternate the order of the record sizes.

Usage: tls_records.py --binary PATH [--requests N] [--rounds N]
"""
import argparse
import pathlib
import socket
import ssl
import statistics
import struct
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/, for common.py from any directory
from common import load_average, process_cpu_seconds, spread

import throughput  # the gateway benchmark's fixture loading

PATTERNS = {"16 KiB records": (16384,), "1 KiB records": (1024,), "40 B + 1 KiB records": (40, 1024)}
PADDING = 60_000  # under the 64 KiB pre-authentication frame limit


def request_frame():
    header = struct.pack(">hhi", 18, 0, 1) + throughput.gateway_wire.kafka_string("tls-records")
    body = bytes(PADDING)
    return struct.pack(">i", len(header) + len(body)) + header + body


def read_frame(connection):
    data = b""
    while len(data) < 4 or len(data) < 4 + struct.unpack(">i", data[:4])[0]:
        more = connection.recv(65536)
        if not more:
            raise ConnectionError("the gateway closed the connection")
        data += more


def send_in_records(cluster, sizes, frame, requests):
    """Gateway CPU seconds per GB for `requests` frames written in records of `sizes`, cycled."""
    raw = socket.create_connection(("127.0.0.1", cluster.ports["SASL_SSL"]))
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    connection = ssl.create_default_context(cafile=str(cluster.ca)).wrap_socket(raw, server_hostname="localhost")
    try:
        started = process_cpu_seconds(cluster.process.pid)
        for _ in range(requests):
            offset = index = 0
            while offset < len(frame):
                size = sizes[index % len(sizes)]
                connection.sendall(frame[offset:offset + size])  # one write, one TLS record
                offset, index = offset + size, index + 1
            read_frame(connection)
        return (process_cpu_seconds(cluster.process.pid) - started) / (requests * len(frame) / 1e9)
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path, help="the release-built portcullis binary")
    parser.add_argument("--requests", type=int, default=1500, help="padded requests per measurement (default 1500)")
    parser.add_argument("--rounds", type=int, default=3, help="measurements per record size; medians are reported (default 3)")
    arguments = parser.parse_args()
    throughput.import_fixtures(arguments.binary)
    print(f"gateway CPU per GB by TLS record size: {arguments.binary}\nload average before: {load_average()}")
    frame = request_frame()
    results = {name: [] for name in PATTERNS}
    with tempfile.TemporaryDirectory(prefix="portcullis-bench-tls-") as workspace:
        cluster = throughput.gateway_fixtures.start_gateway(pathlib.Path(workspace), listeners={"SASL_SSL": "SASL_SSL"}, settings={})
        try:
            for round_number in range(arguments.rounds):
                order = list(PATTERNS) if round_number % 2 == 0 else list(reversed(PATTERNS))
                for name in order:
                    results[name].append(send_in_records(cluster, PATTERNS[name], frame, arguments.requests))
        finally:
            throughput.gateway_fixtures.stop_gateway(cluster)
    baseline = statistics.median(results["16 KiB records"])
    print(f"\n{arguments.requests} requests of {len(frame)} B per measurement, {arguments.rounds} rounds; median (min-max)\n")
    print(f"{'records':<22} {'gateway CPU s/GB':>22} {'vs 16 KiB':>10}")
    for name, values in results.items():
        print(f"{name:<22} {spread(values, 2):>22} {statistics.median(values) / baseline:>10.1f}")
    print(f"\nload average after: {load_average()}")


if __name__ == "__main__":
    main()
