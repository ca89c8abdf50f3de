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


def setup_median(results, name):
    """The median setup time over all rounds' samples (pooled: about one librdkafka setup in
    six or ten waits ~50 ms more on every path, so per-round medians of a few samples jump)."""
    samples = setup_samples(results, name)
    return statistics.median(samples) if samples else None
