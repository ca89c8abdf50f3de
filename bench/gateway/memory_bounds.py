#!/usr/bin/env python3
"""What clients that misbehave on purpose can make the gateway hold in memory.

Starts one `portcullis dev` (broker tier and gateway in one process, on free
loopback ports, in a temporary directory; a fresh one per scenario, so each
starts from the same idle process) and measures that process's resident set
from /proc/PID/status: VmRSS before, VmHWM (the peak, restarted from the
current resident set through /proc/PID/clear_refs before the clients connect)
while the clients run, and VmRSS after they close. Two scenarios, every
connection TLS to the SASL/SCRAM listener:

  A. clients that send and never read: each connects, checks that one
     ApiVersions v0 is answered before authentication, then writes a block of
     pipelined ApiVersions v0 requests over and over (non-blocking; a client
     the gateway stops reading from just waits for its socket to be writable)
     until it has sent --a-bytes or --a-seconds have passed. Each request is
     19 bytes and its answer 8 times that from `portcullis dev`, so a gateway
     that reads on while nobody reads its answers holds more than it was
     sent (what the kernel buffers on either side takes, a few MiB per
     connection, comes first). The
     gateway closes a connection that has not authenticated within
     authentication.timeout.ms (10 s), so the sending can end there;
     the table says when each client found its connection closed; a gateway
     short of CPU (a debug build on a busy machine) may not reach its bound
     by then (--a-authenticated: the clients authenticate as admin first,
     and pipeline ApiVersions for the whole time).
     Target: at most a few MiB more per client.

  B. authenticated clients that announce a large request and trickle it:
     each connects, authenticates as admin with SCRAM-SHA-512 (the dev
     cluster's password from client/admin-scram.properties), then sends a
     length prefix announcing --b-announced bytes (by default 100 MiB - 4, so
     the frame is exactly socket.request.max.bytes) and the start of a
     Produce v9 request, then pieces of --b-piece-bytes every --b-interval
     seconds per connection for --b-seconds, never the frame's last byte (so
     no request completes). A piece whose socket would block is retried at
     the next tick, never waited for. Compared with the budget for partly
     received requests (queued.max.request.bytes, 256 MiB) plus the idle
     resident set. Target: the peak stays under budget + fixed overhead.

Bytes "sent" are what the client's TLS layer accepted; up to a few MiB per
connection of it can sit in the two kernels' socket buffers, unread by the
gateway. A guard stops a scenario's sending early when the process's resident
set passes --rss-limit-mib (the gateway before the bounds can grow without
end), and the table says so; nothing is retried. The machine may be shared:
the times and bytes move with its load, the memory figures are the point.

Prints a table per scenario and, last, one JSON line with every figure.
Processes come from the integration tests' Tests/integration/gateway_fixtures.py
and gateway_wire.py (pytest and confluent-kafka must be installed:
scripts/install-test-deps.sh).

Usage: memory_bounds.py --binary PATH [--authctl PATH] [--scenarios a,b]
                        [--a-clients N] [--a-bytes N] [--a-seconds S] [--a-authenticated]
                        [--b-clients N] [--b-seconds S] [--b-piece-bytes N] [--b-interval S]
                        [--settle-seconds S] [--rss-limit-mib N]
"""
import argparse
import contextlib
import json
import os
import pathlib
import selectors
import signal
import socket
import ssl
import statistics
import struct
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))  # bench/, for common.py from any directory
from common import BenchmarkError, load_average, peak_resident_mib, process_cpu_seconds, salted_passwords_cached

MIB = 1 << 20
API_VERSIONS, PRODUCE = 18, 0
CLIENT_ID = "bench"
MECHANISM = "SCRAM-SHA-512"
REQUEST_BUDGET_MIB = 256  # queued.max.request.bytes' default
A_TARGET_MIB_PER_CLIENT = 4.0  # "a few MiB"
IDLE_SECONDS = 2.0  # after start, before the idle reading
CLOSED_READING_SECONDS = 1.0  # after the clients close, before the first reading
SAMPLE_SECONDS = 0.05
WOULD_BLOCK = (ssl.SSLWantWriteError, ssl.SSLWantReadError, BlockingIOError)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True, type=pathlib.Path, help="the portcullis binary")
    parser.add_argument("--authctl", type=pathlib.Path,
                        help="the authctl binary, for the test fixtures (default: next to --binary; portcullis dev "
                             "provisions itself, so none is run)")
    parser.add_argument("--scenarios", default="a,b", help="which scenarios, comma-separated (default a,b)")
    parser.add_argument("--a-clients", type=int, default=4, help="scenario A: clients (default 4)")
    parser.add_argument("--a-bytes", type=int, default=10**9, help="scenario A: bytes each client sends at most (default 10^9)")
    parser.add_argument("--a-seconds", type=float, default=20.0, help="scenario A: sending time limit (default 20)")
    parser.add_argument("--a-block-bytes", type=int, default=64 * 1024,
                        help="scenario A: bytes of requests per write (default 65536)")
    parser.add_argument("--a-authenticated", action="store_true",
                        help="scenario A: clients authenticate as admin first, so authentication.timeout.ms "
                             "does not end their connections")
    parser.add_argument("--b-clients", type=int, default=200, help="scenario B: clients (default 200)")
    parser.add_argument("--b-announced", type=int, default=100 * MIB - 4,
                        help="scenario B: the frame size each client announces (default 104857596)")
    parser.add_argument("--b-seconds", type=float, default=30.0, help="scenario B: trickling time limit (default 30)")
    parser.add_argument("--b-piece-bytes", type=int, default=64 * 1024, help="scenario B: bytes per piece (default 65536)")
    parser.add_argument("--b-interval", type=float, default=0.05, help="scenario B: seconds between pieces (default 0.05)")
    parser.add_argument("--settle-seconds", type=float, default=5.0,
                        help="how long after the clients close the last reading is taken (default 5)")
    parser.add_argument("--rss-limit-mib", type=int, default=4096,
                        help="stop a scenario's sending once the process's resident set passes this (default 4096)")
    arguments = parser.parse_args()
    authctl_given = arguments.authctl is not None
    arguments.authctl = arguments.authctl or arguments.binary.parent / "authctl"
    arguments.scenarios = [name.strip().lower() for name in arguments.scenarios.split(",") if name.strip()]
    if not arguments.binary.is_file():
        parser.error(f"{arguments.binary} is not a file")
    if authctl_given and not arguments.authctl.is_file():
        parser.error(f"{arguments.authctl} is not a file")
    if not arguments.scenarios or set(arguments.scenarios) - {"a", "b"}:
        parser.error("--scenarios takes a, b or a,b")
    if min(arguments.a_clients, arguments.a_bytes, arguments.a_block_bytes, arguments.b_clients,
           arguments.b_piece_bytes, arguments.rss_limit_mib) < 1:
        parser.error("counts and sizes must be positive")
    if arguments.b_announced < 64:
        parser.error("--b-announced must leave room for a request header")
    if min(arguments.a_seconds, arguments.b_seconds, arguments.b_interval) <= 0 or arguments.settle_seconds < 0:
        parser.error("times must be positive")
    return arguments


def import_fixtures(binary, authctl):
    """The integration tests' process fixtures and raw Kafka client, pointed at `binary` and `authctl`."""
    os.environ["PORTCULLIS_BIN"] = str(binary.absolute())
    os.environ["AUTHCTL_BIN"] = str(authctl.absolute())
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "Tests" / "integration"))
    global gateway_fixtures, gateway_wire
    import gateway_fixtures
    import gateway_wire


# Memory of the dev process ----------------------------------------------------------

def resident_mib(pid):
    return gateway_fixtures.memory_kib(pid, "VmRSS") / 1024


def bytes_read_written(pid):
    """What the process has passed to read() and write() so far (/proc/PID/io rchar, wchar): its
    sockets' bytes, TLS records whole, besides the few files a phase without producing touches."""
    fields = dict(line.split(": ") for line in pathlib.Path(f"/proc/{pid}/io").read_text().splitlines())
    return int(fields["rchar"]), int(fields["wchar"])


def reset_peak_resident(pid):
    """Starts VmHWM again from the current resident set (proc(5): clear_refs)."""
    pathlib.Path(f"/proc/{pid}/clear_refs").write_text("5")


class ResidentGuard(threading.Thread):
    """Reads VmRSS every SAMPLE_SECONDS while a scenario's clients run; sets `tripped`
    once it passes `limit_mib` or the process has gone, which stops the sending."""

    def __init__(self, pid, limit_mib):
        super().__init__(daemon=True)
        self.pid, self.limit_mib = pid, limit_mib
        self.tripped = threading.Event()
        self.reason = None
        self.finished = threading.Event()

    def run(self):
        while not self.finished.wait(SAMPLE_SECONDS):
            try:
                rss = resident_mib(self.pid)
            except (FileNotFoundError, ProcessLookupError):
                self.reason = "process exited"
                self.tripped.set()
                return
            if rss > self.limit_mib:
                self.reason = f"resident set passed {self.limit_mib} MiB"
                self.tripped.set()
                return

    def stop(self):
        self.finished.set()
        self.join(timeout=5)


class MemoryReadings:
    """Resident set before, peak during and after one scenario's clients."""

    def __init__(self, cluster, limit_mib):
        self.cluster = cluster
        self.pid = cluster.process.pid
        self.limit_mib = limit_mib
        self.figures = {}

    def idle(self):
        time.sleep(IDLE_SECONDS)
        self.figures["idle_mib"] = resident_mib(self.pid)
        reset_peak_resident(self.pid)
        self.guard = ResidentGuard(self.pid, self.limit_mib)
        self.guard.start()

    def connected(self):
        """The clients are connected: the sending starts now."""
        self.figures["connected_mib"] = resident_mib(self.pid)
        self.cpu = process_cpu_seconds(self.pid)
        self.io = bytes_read_written(self.pid)

    def sending_ended(self):
        self.guard.stop()
        if not self.cluster.alive():
            raise BenchmarkError(f"portcullis dev exited during the scenario ({self.cluster.process.returncode}):\n"
                                 f"{self.cluster.log.text()[-3000:]}")
        self.figures["peak_mib"] = peak_resident_mib(self.pid)
        self.figures["at_end_mib"] = resident_mib(self.pid)
        self.figures["stopped_by_guard"] = self.guard.reason
        self.figures["cpu_seconds"] = process_cpu_seconds(self.pid) - self.cpu
        read, written = bytes_read_written(self.pid)
        self.figures["process_read_bytes"], self.figures["process_written_bytes"] = read - self.io[0], written - self.io[1]

    def closed(self, settle_seconds):
        """Readings 1 s and `settle_seconds` after the clients closed. A process still growing past
        twice the guard's limit ends the wait there (the scenario then stops it)."""
        closed = time.monotonic()
        settle_seconds = max(settle_seconds, CLOSED_READING_SECONDS)
        self.figures["grew_past_twice_the_limit_after_close"] = False
        for name, seconds in (("closed_mib", CLOSED_READING_SECONDS), ("settled_mib", settle_seconds)):
            while (remaining := closed + seconds - time.monotonic()) > 0:
                time.sleep(min(remaining, SAMPLE_SECONDS))
                if resident_mib(self.pid) > 2 * self.limit_mib:
                    self.figures["grew_past_twice_the_limit_after_close"] = True
                    break
            self.figures[name] = resident_mib(self.pid)
        self.figures["settle_seconds"] = time.monotonic() - closed
        self.figures["peak_to_end_mib"] = peak_resident_mib(self.pid)


@contextlib.contextmanager
def dev_cluster(workspace, name):
    root = pathlib.Path(workspace) / name
    root.mkdir()
    cluster = gateway_fixtures.DevCluster(root).start()
    try:
        yield cluster
    except BaseException:
        print(f"--- portcullis dev log ---\n{cluster.log.text()[-3000:]}", file=sys.stderr)
        raise
    finally:
        cluster.stop()


# Clients ----------------------------------------------------------------------------

def request_header(api_key, version, correlation_id, flexible=False):
    """Request header v1 (v2 with `flexible`: an empty tag buffer after the client id)."""
    header = struct.pack(">hhi", api_key, version, correlation_id) + gateway_wire.kafka_string(CLIENT_ID)
    return header + (b"\x00" if flexible else b"")


def api_versions_block(block_bytes):
    """Whole ApiVersions v0 frames, back to back, at most `block_bytes` (at least one)."""
    frames = []
    length = 0
    while True:
        header = request_header(API_VERSIONS, 0, len(frames) + 1)
        frame = struct.pack(">i", len(header)) + header
        if frames and length + len(frame) > block_bytes:
            return b"".join(frames), len(frames)
        frames.append(frame)
        length += len(frame)


def unsigned_varint(value):
    """An unsigned varint below 128: one byte."""
    assert value < 0x80
    return bytes([value])


def produce_start(announced):
    """A length prefix announcing `announced` bytes and the start of a Produce v9 request (header v2,
    one topic, one partition) whose records field takes the rest of the frame."""
    header = request_header(PRODUCE, 9, 1, flexible=True)
    topic = b"bench"
    body = (b"\x00"  # transactional_id: null
            + struct.pack(">hi", 1, 30_000)  # acks, timeout_ms
            + unsigned_varint(2) + unsigned_varint(len(topic) + 1) + topic  # one topic
            + unsigned_varint(2) + struct.pack(">i", 0))  # one partition, index 0
    so_far = len(header) + len(body)
    records = announced - so_far - 5 - 3  # after its 5-byte length; the partition's, topic's and request's tag buffers end it
    length = records + 1  # compact bytes: length + 1, as an unsigned varint written in its 5-byte form
    body += bytes([length & 0x7F | 0x80, length >> 7 & 0x7F | 0x80, length >> 14 & 0x7F | 0x80,
                   length >> 21 & 0x7F | 0x80, length >> 28])
    return struct.pack(">i", announced) + header + body


class Client:
    """One connection's sending state. `pending` is the write that would have blocked: TLS needs
    the same bytes offered again."""

    def __init__(self, index, wire):
        self.index = index
        self.wire = wire
        self.sock = wire.sock
        self.sent = 0
        self.pending = None
        self.blocked = 0  # writes that would have blocked
        self.closed_at = None  # seconds into the sending when the gateway's close showed
        self.error = None

    def offer(self, data, started):
        """Writes `data` (or what is pending) without blocking; returns True when it went."""
        data = self.pending if self.pending is not None else data
        try:
            written = self.sock.send(data)
        except WOULD_BLOCK:
            self.pending = data
            self.blocked += 1
            return False
        except OSError as error:  # ssl.SSLError included: the gateway closed the connection
            self.closed_at = time.monotonic() - started
            self.error = type(error).__name__
            return False
        self.sent += written
        self.pending = data[written:] if written < len(data) else None
        return self.pending is None

    @property
    def open(self):
        return self.closed_at is None

    def close(self):
        """At once, with a reset (SO_LINGER 0): what the kernel still holds for the gateway is dropped,
        so nothing more reaches it after the sending ends."""
        with contextlib.suppress(OSError):
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with contextlib.suppress(OSError):
            self.sock.close()


def connect_clients(count, connect):
    clients = []
    try:
        for index in range(count):
            clients.append(Client(index, connect()))
    except BaseException:
        close_clients(clients)
        raise
    for client in clients:
        client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        client.sock.setblocking(False)
    return clients


def close_clients(clients):
    for client in clients:
        client.close()


# Scenario A -----------------------------------------------------------------------

def authenticated(cluster, wire):
    """`wire` after a SCRAM-SHA-512 exchange as admin (closed when it fails)."""
    try:
        wire.scram_authenticate("admin", cluster.admin_password, MECHANISM)
    except BaseException:
        wire.close()
        raise
    return wire


def api_versions_checked(cluster, authenticate):
    """A connection, authenticated or not, that sent ApiVersions v0 and read its answer;
    and the size of that answer's frame."""
    wire = gateway_wire.KafkaWire.connect(cluster.scram_port, ca=cluster.ca)
    if authenticate:
        authenticated(cluster, wire)
    try:
        body = wire.call(API_VERSIONS, 0)
        if struct.unpack(">h", body[:2])[0] != 0:
            raise BenchmarkError("ApiVersions v0 failed")
        return wire, 4 + 4 + len(body)  # length prefix, correlation id, body
    except BaseException:
        wire.close()
        raise


def scenario_a(arguments, cluster):
    readings = MemoryReadings(cluster, arguments.rss_limit_mib)
    readings.idle()
    answers = []

    def connect():
        wire, answer_bytes = api_versions_checked(cluster, arguments.a_authenticated)
        answers.append(answer_bytes)
        return wire

    with salted_passwords_cached():
        clients = connect_clients(arguments.a_clients, connect)
    block, requests_per_block = api_versions_block(arguments.a_block_bytes)
    try:
        readings.connected()
        selector = selectors.DefaultSelector()
        for client in clients:
            selector.register(client.sock, selectors.EVENT_WRITE, client)
        started = time.monotonic()
        deadline = started + arguments.a_seconds
        active = len(clients)
        while active and not readings.guard.tripped.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            for key, _ in selector.select(timeout=min(remaining, 0.1)):
                client = key.data
                for _ in range(16):  # at most 16 blocks before the next client's turn
                    if client.sent >= arguments.a_bytes or not client.offer(block, started) or not client.open:
                        break
                if client.sent >= arguments.a_bytes or not client.open:
                    selector.unregister(client.sock)
                    active -= 1
        seconds = time.monotonic() - started
        selector.close()
        readings.sending_ended()
    finally:
        close_clients(clients)
    readings.closed(arguments.settle_seconds)
    figures = readings.figures
    request_bytes = len(block) / requests_per_block
    return {
        **figures,
        "clients": len(clients), "authenticated": arguments.a_authenticated, "seconds": seconds,
        "target_bytes": arguments.a_bytes,
        "request_bytes": request_bytes, "answer_bytes": statistics.median(answers),
        "sent_bytes": [client.sent for client in clients],
        "closed_at": [client.closed_at for client in clients],
        "errors": [client.error for client in clients],
        "increase_per_client_mib": (figures["peak_mib"] - figures["idle_mib"]) / len(clients),
    }


# Scenario B -----------------------------------------------------------------------

def scenario_b(arguments, cluster):
    readings = MemoryReadings(cluster, arguments.rss_limit_mib)
    readings.idle()
    connect_started = time.monotonic()
    with salted_passwords_cached():
        clients = connect_clients(arguments.b_clients,
                                  lambda: authenticated(cluster, gateway_wire.KafkaWire.connect(cluster.scram_port, ca=cluster.ca)))
    connect_seconds = time.monotonic() - connect_started
    start = produce_start(arguments.b_announced)
    piece = bytes(range(256)) * (arguments.b_piece_bytes // 256) + bytes(arguments.b_piece_bytes % 256)
    limit = 4 + arguments.b_announced - 1  # every byte of the frame but its last
    try:
        readings.connected()
        started = time.monotonic()
        deadline = started + arguments.b_seconds
        ticks = 0
        tick = started
        while not readings.guard.tripped.is_set() and tick < deadline:
            time.sleep(max(tick - time.monotonic(), 0))
            # The next tick an interval on, or now when this one ran longer (no catching up in bursts).
            tick = max(tick + arguments.b_interval, time.monotonic())
            ticks += 1
            for client in clients:
                if not client.open or (client.pending is None and client.sent >= limit):
                    continue
                data = start if client.sent == 0 and client.pending is None else piece[:limit - client.sent]
                client.offer(data, started)
        seconds = time.monotonic() - started
        readings.sending_ended()
    finally:
        close_clients(clients)
    readings.closed(arguments.settle_seconds)
    figures = readings.figures
    sent = [client.sent for client in clients]
    return {
        **figures,
        "clients": len(clients), "connect_seconds": connect_seconds, "seconds": seconds, "ticks": ticks,
        "announced_bytes": arguments.b_announced, "sent_total_bytes": sum(sent),
        "sent_min_bytes": min(sent), "sent_median_bytes": statistics.median(sent), "sent_max_bytes": max(sent),
        "sent_largest_bytes": sorted(sent, reverse=True)[:5],
        "clients_blocked": sum(1 for client in clients if client.blocked),
        "clients_closed": sum(1 for client in clients if not client.open),
        "errors": sorted({client.error for client in clients if client.error}),
        "budget_mib": REQUEST_BUDGET_MIB,
        "bound_mib": figures["idle_mib"] + REQUEST_BUDGET_MIB,
    }


# Report -----------------------------------------------------------------------------

def memory_rows(result):
    rows = [("resident before (idle)", f"{result['idle_mib']:.0f} MiB"),
            ("resident with clients connected", f"{result['connected_mib']:.0f} MiB"),
            ("peak while sending (VmHWM)", f"{result['peak_mib']:.0f} MiB"),
            ("resident when sending stopped", f"{result['at_end_mib']:.0f} MiB"),
            (f"resident {CLOSED_READING_SECONDS:.1f} s after the clients closed", f"{result['closed_mib']:.0f} MiB"),
            (f"resident {result['settle_seconds']:.1f} s after the clients closed", f"{result['settled_mib']:.0f} MiB"),
            ("peak until then (VmHWM)", f"{result['peak_to_end_mib']:.0f} MiB"),
            ("process CPU while sending", f"{result['cpu_seconds']:.1f} s"),
            ("process read() / write() while sending",
             f"{result['process_read_bytes'] / MIB:.1f} / {result['process_written_bytes'] / MIB:.1f} MiB")]
    if result["stopped_by_guard"]:
        rows.append(("sending stopped early", result["stopped_by_guard"]))
    if result["grew_past_twice_the_limit_after_close"]:
        rows.append(("after the clients closed", "grew past twice the limit: readings taken then"))
    return rows


def print_rows(rows):
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")


def report_a(result):
    who = "authenticated" if result["authenticated"] else "unauthenticated"
    print(f"\nA. {result['clients']} {who} clients pipelining ApiVersions v0 and never reading "
          f"(up to {result['target_bytes'] / 1e9:g} GB each; {result['request_bytes']:.0f} B per request, "
          f"{result['answer_bytes']:.0f} B per answer)")
    print(f"  {'client':>6} {'sent MB':>10}  closed by the gateway")
    for index, (sent, closed_at, error) in enumerate(zip(result["sent_bytes"], result["closed_at"], result["errors"])):
        closed = f"at {closed_at:.1f} s ({error})" if closed_at is not None else "no"
        print(f"  {index:>6} {sent / 1e6:>10.1f}  {closed}")
    print(f"  sending lasted {result['seconds']:.1f} s")
    increase = result["increase_per_client_mib"]
    verdict = "within target" if increase <= A_TARGET_MIB_PER_CLIENT else "MISSES target"
    print_rows([*memory_rows(result),
                ("increase per client (peak - idle) / clients",
                 f"{increase:.1f} MiB (target: <= {A_TARGET_MIB_PER_CLIENT:.0f} MiB)  {verdict}")])


def report_b(result):
    print(f"\nB. {result['clients']} authenticated clients each announcing a {result['announced_bytes']} B request "
          "and trickling it")
    peak, bound = result["peak_mib"], result["bound_mib"]
    verdict = "within target" if peak <= bound else "MISSES target"
    print_rows([
        ("clients connected and authenticated in", f"{result['connect_seconds']:.1f} s"),
        ("trickling lasted", f"{result['seconds']:.1f} s ({result['ticks']} ticks)"),
        ("bytes sent, all clients", f"{result['sent_total_bytes'] / MIB:.1f} MiB"),
        ("bytes sent per client: min / median / max",
         f"{result['sent_min_bytes'] / MIB:.2f} / {result['sent_median_bytes'] / MIB:.2f} / "
         f"{result['sent_max_bytes'] / MIB:.2f} MiB"),
        ("bytes sent by the 5 clients that sent most", " ".join(f"{sent / MIB:.1f}" for sent in result["sent_largest_bytes"]) + " MiB"),
        ("clients whose socket would block at some tick", str(result["clients_blocked"])),
        ("clients the gateway closed", f"{result['clients_closed']} {' '.join(result['errors'])}".rstrip()),
        *memory_rows(result),
        ("peak - idle", f"{peak - result['idle_mib']:.0f} MiB"),
        ("peak - connected", f"{peak - result['connected_mib']:.0f} MiB"),
        ("bound: idle + budget", f"{bound:.0f} MiB ({result['idle_mib']:.0f} + {result['budget_mib']})  "
                                 f"peak {peak:.0f} MiB {verdict}"),
    ])


def summary(results):
    """One line per scenario: the memory figures side by side."""
    print(f"\n{'scenario':<34} {'sent MiB':>9} {'idle':>6} {'peak':>6} {'closed':>7} {'settled':>8}  verdict (MiB)")
    for name, label in (("a", "A never-reading clients"), ("b", "B trickled large requests")):
        if name not in results:
            continue
        result = results[name]
        label = f"{label} x{result['clients']}"
        if name == "a":
            sent = sum(result["sent_bytes"])
            increase = result["increase_per_client_mib"]
            verdict = (f"{increase:.1f} per client "
                       f"{'<=' if increase <= A_TARGET_MIB_PER_CLIENT else '>'} {A_TARGET_MIB_PER_CLIENT:.0f}")
        else:
            sent = result["sent_total_bytes"]
            verdict = f"peak {'<=' if result['peak_mib'] <= result['bound_mib'] else '>'} {result['bound_mib']:.0f} (idle + budget)"
        if result["stopped_by_guard"]:
            verdict += f"; stopped early: {result['stopped_by_guard']}"
        print(f"{label:<34} {sent / MIB:>9.1f} {result['idle_mib']:>6.0f} {result['peak_mib']:>6.0f} "
              f"{result['closed_mib']:>7.0f} {result['settled_mib']:>8.0f}  {verdict}")


def main():
    arguments = parse_arguments()
    import_fixtures(arguments.binary, arguments.authctl)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` closes the clients and stops the process
    print(f"portcullis memory bounds: {arguments.binary.absolute()}")
    print(f"cores: {os.cpu_count()}, load average before: {load_average()}", flush=True)
    started = time.monotonic()
    results = {"binary": str(arguments.binary.absolute()),
               "arguments": {name: value for name, value in vars(arguments).items() if name.startswith(("a_", "b_"))}}
    with tempfile.TemporaryDirectory(prefix="portcullis-bench-memory-") as workspace:
        if "a" in arguments.scenarios:
            with dev_cluster(workspace, "a") as cluster:
                results["a"] = scenario_a(arguments, cluster)
            report_a(results["a"])
        if "b" in arguments.scenarios:
            with dev_cluster(workspace, "b") as cluster:
                results["b"] = scenario_b(arguments, cluster)
            report_b(results["b"])
    summary(results)
    print(f"\nload average after: {load_average()}; whole run {time.monotonic() - started:.0f} s")
    print(json.dumps(results, sort_keys=True))


if __name__ == "__main__":
    try:
        main()
    except (BenchmarkError, AssertionError) as error:
        sys.exit(f"benchmark failed: {error}")
