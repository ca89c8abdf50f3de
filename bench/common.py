"""What the throughput benchmarks (bench/broker, bench/gateway) share: the
records they send, the produce and consume loops they time, the /proc and
rusage figures they read, and the formatting of their medians."""
import contextlib
import ctypes
import functools
import hashlib
import os
import pathlib
import random
import resource
import statistics
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaException, Producer, TopicPartition

DISTINCT_PAYLOADS = 1024


class BenchmarkError(Exception):
    pass


def make_payloads(record_bytes):
    """The record values, the same in every run (a fixed seed)."""
    generator = random.Random(20240603)
    return [generator.randbytes(record_bytes) for _ in range(DISTINCT_PAYLOADS)]


# Measurement -------------------------------------------------------------------

class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


_LIBC = ctypes.CDLL(None, use_errno=True)


def process_cpu_seconds(pid):
    """CPU the process has used so far, all its threads (ended ones too): its CPU-time clock
    (clock_getcpuclockid, nanoseconds), or else user + system from /proc/PID/stat, which
    counts in clock ticks (10 ms) and so blurs short phases."""
    clock, now = ctypes.c_int(), _Timespec()
    if _LIBC.clock_getcpuclockid(pid, ctypes.byref(clock)) == 0 and _LIBC.clock_gettime(clock, ctypes.byref(now)) == 0:
        return now.tv_sec + now.tv_nsec / 1e9
    fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_resident_mib(pid):
    """The process's peak resident set so far (VmHWM), in MiB."""
    for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise BenchmarkError(f"no VmHWM in /proc/{pid}/status")


# Phases with confluent-kafka ----------------------------------------------------

def produce_records(settings, topic, payloads, count, budget, flush_seconds, meter):
    """Produces up to `count` records to partition 0 of `topic`, or until `budget` seconds have
    passed, batching for throughput (`settings` add the connection, acks and queue bound);
    `meter` times the sending and the final flush. Returns how many records were delivered."""
    failures = []
    delivered = 0

    def on_delivery(error, _message):
        nonlocal delivered
        if error is not None:
            failures.append(error)
        else:
            delivered += 1

    producer = Producer({**settings, "linger.ms": 5, "batch.size": 1 << 20, "compression.type": "none"})
    producer.list_topics(topic, timeout=10)  # connection, any authentication and metadata before the clock starts
    with meter:
        deadline = time.perf_counter() + budget
        sent = 0
        while sent < count and time.perf_counter() < deadline:
            try:
                producer.produce(topic, payloads[sent % len(payloads)], partition=0, on_delivery=on_delivery)
                sent += 1
            except BufferError:
                producer.poll(0.001)
            if sent % 1024 == 0:
                producer.poll(0)
        undelivered = producer.flush(flush_seconds)
    if failures or undelivered:
        raise BenchmarkError(f"{len(failures)} records failed ({failures[:3]}), {undelivered} undelivered")
    return delivered


def consume_records(settings, topic, payloads, count, budget, meter):
    """Reads the first `count` records of partition 0 of `topic` with a fresh consumer (client
    `settings` added) within `budget` seconds, under `meter`, checking each offset and every
    997th value. Returns the records read and the bytes of their values."""
    known = set(payloads)
    consumer = Consumer({
        **settings, "group.id": f"bench-{time.monotonic_ns()}",
        "enable.auto.commit": False, "enable.partition.eof": False,
        "fetch.min.bytes": 1, "fetch.wait.max.ms": 100,
        "fetch.max.bytes": 64 << 20, "max.partition.fetch.bytes": 16 << 20,
        "queued.min.messages": 1_000_000, "queued.max.messages.kbytes": 1 << 20,
    })
    try:
        consumer.list_topics(topic, timeout=10)  # connection, any authentication and metadata before the clock starts
        consumer.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
        received = value_bytes = 0
        with meter:
            deadline = time.perf_counter() + budget
            while received < count and time.perf_counter() < deadline:
                for message in consumer.consume(num_messages=10_000, timeout=0.2):
                    if message.error():
                        raise KafkaException(message.error())
                    if message.offset() != received:
                        raise BenchmarkError(f"expected offset {received}, got {message.offset()}")
                    value = message.value()
                    if received % 997 == 0 and value not in known:
                        raise BenchmarkError(f"record at offset {received} is not a value that was produced")
                    received += 1
                    value_bytes += len(value)
    finally:
        consumer.close()
    if received < count:
        raise BenchmarkError(f"consumed {received} of {count} records within {budget:.0f}s")
    return received, value_bytes


# Report -------------------------------------------------------------------------

def spread(values, digits):
    """The median and the range, e.g. `12.3 (11.9-12.8)`."""
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


@contextlib.contextmanager
def salted_passwords_cached():
    """Keeps SaltedPassword per password, salt and iteration count while the loop runs
    (RFC 5802 section 5.1 lets a client cache it): CPython's PBKDF2-SHA-512 x 4096 takes
    about 19 ms here and would otherwise set the pace of the loop instead of the gateway.
    The gateway's own work per connection is unchanged: it never runs PBKDF2."""
    original = hashlib.pbkdf2_hmac
    hashlib.pbkdf2_hmac = functools.lru_cache(maxsize=8)(original)
    try:
        yield
    finally:
        hashlib.pbkdf2_hmac = original
