"""Reading the fair comparison's results: {name: [one dict per round: {phase: {key: value}}]},
where a name is a path in one client mode ("gateway/default") for the librdkafka phases and
a bare path ("gateway") for the raw-client phases."""
import statistics

from common import spread

THROUGHPUT_PHASES = ("produce acks=1", "consume", "produce acks=all")
PROCESSES = ("proxy", "broker", "client")


def values(runs, phase, key):
    """The figure in each round that has it; `key` is a name or a function of the phase's figures."""
    found = []
    for run in runs:
        if phase in run:
            figure = key(run[phase]) if callable(key) else run[phase].get(key)
            if figure is not None:
                found.append(figure)
    return found


def median(results, name, phase, key):
    """The median over rounds, or None when the phase did not run for `name`."""
    found = values(results.get(name, []), phase, key)
    return statistics.median(found) if found else None


def cell(results, name, phase, key, digits):
    found = values(results.get(name, []), phase, key)
    return spread(found, digits) if found else "-"


def per_request_us(process):
    """CPU microseconds of `process` per timed record of a latency phase."""
    return lambda figures: (figures[f"{process}_cpu"] / figures["records"] * 1e6
                            if f"{process}_cpu" in figures and figures["records"] else None)


def total_per_gb(figures):
    """Every measured process's CPU seconds per GB (= millicores per MB/s), summed."""
    return sum(figures.get(f"{name}_cpu_per_gb", 0.0) for name in PROCESSES)


def ratio(numerator, denominator):
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def difference(minuend, subtrahend):
    if minuend is None or subtrahend is None:
        return None
    return minuend - subtrahend


def setup_samples(results, name):
    """Every connection setup time of `name` in ms, all rounds pooled."""
    return [sample for run in results.get(name, []) for sample in run.get("setup", {}).get("setup_samples_ms", [])]


RETRY_MS = 40.0  # a setup this much slower than the path's fastest one waited for librdkafka's retry


def setup_median(results, name, retried=True):
    """The median setup time over all rounds' samples. librdkafka 2.16 sends the application's
    Metadata request on its bootstrap connection, which it drops as soon as its own first
    Metadata answer names the broker; the request then waits ~50 ms (its sparse-connect
    suppression, reconnect.backoff.ms / 2) and goes again. Whether it loses that race is up
    to timing, on every path (a third of the setups in some runs), so `retried=False` leaves
    out the samples that waited for the retry (those >= the fastest + RETRY_MS)."""
    samples = setup_samples(results, name)
    if not retried and samples:
        samples = [sample for sample in samples if sample < min(samples) + RETRY_MS]
    return statistics.median(samples) if samples else None
