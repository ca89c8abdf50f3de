"""The fair comparison's report: a table per phase (median and range over rounds), the
ratios between paths, gateway / gateway-before with --baseline-binary, and the targets."""
import statistics

import targets
from common import spread
from figures import (PROCESSES, RETRY_MS, THROUGHPUT_PHASES, cell, median, per_request_us, ratio, setup_median, setup_samples,
                     total_per_gb, values)

BEFORE = "gateway-before"
TARGET_BEFORE_RATIO = 0.95


def round_summary(run):
    parts = [f"{phase} {run[phase]['mb_per_s']:.1f} MB/s" for phase in THROUGHPUT_PHASES if phase in run]
    if "setup" in run:
        parts.append(f"setup {run['setup']['setup_ms']:.1f} ms")
    parts += [f"{phase.removeprefix('latency ')} p99 {figures['p99_ms']:.2f} ms" for phase, figures in run.items()
              if phase.startswith("latency ")]
    return ", ".join(parts)


def raw_summary(run):
    parts = []
    if "connections" in run:
        parts.append(f"{run['connections']['connections_per_s']:.0f} connections/s "
                     f"({run['connections'].get('proxy_cpu_ms', 0):.2f} proxy CPU ms each)")
    if "handshakes" in run:
        parts.append(f"{run['handshakes']['handshakes_per_s']:.0f} bare TLS handshakes/s "
                     f"({run['handshakes']['proxy_cpu_ms']:.2f} proxy CPU ms each)")
    return ", ".join(parts)


def idle_summary(idle):
    return (f"{idle['connections']} authenticated connections held open (opened in {idle['opening_seconds']:.0f} s): "
            f"gateway {idle['gateway_before_mib']:.0f} -> {idle['gateway_held_mib']:.0f} MiB, "
            f"{idle['gateway_kib_per_connection']:.1f} KiB each; broker {idle['broker_kib_per_connection']:.1f} KiB each")


def table(results, names, phases, columns, label_width=24):
    header = f"{'phase':<17} {'path':<{label_width}}" + "".join(f" {title:>{width}}" for title, _, _, width in columns)
    print(header)
    print("-" * len(header))
    for phase in phases:
        for name in names:
            runs = results.get(name, [])
            if not any(phase in run for run in runs):
                continue
            cells = "".join(f" {cell(results, name, phase, key, digits):>{width}}" for _, key, digits, width in columns)
            print(f"{phase:<17} {name:<{label_width}}{cells}")


def report(results, raw, extra, arguments, paths):
    names, setup_names, path_names = paths.names, paths.setup_names, paths.paths
    print(f"\n{arguments.rounds} rounds, alternating which path goes first; median (min-max) over rounds. Paths in two "
          "client modes: default = librdkafka's defaults (Nagle on), nodelay = socket.nagle.disable=true.")
    print("MB = 10^6 bytes of record values. CPU from /proc: proxy = the gateway or stunnel the path goes through, "
          "client = this process (Python and librdkafka's threads).")
    print("millicores per MB/s = CPU seconds per GB.")
    if "tls" in extra:
        print("TLS negotiated by a default OpenSSL client: "
              + "; ".join(f"{path} {version} {cipher}" for path, (version, cipher) in extra["tls"].items()))
    if "throughput" in arguments.phases:
        print(f"\nThroughput: up to {arguments.records} records x {arguments.record_bytes} B per produce phase "
              f"(or {arguments.phase_seconds:.0f} s), then all of them consumed\n")
        table(results, names, THROUGHPUT_PHASES, [
            ("MB/s", "mb_per_s", 1, 18), ("records/s", "records_per_s", 0, 24),
            *((f"{process} mcore/(MB/s)", f"{process}_cpu_per_gb", 2, 20) for process in PROCESSES),
            ("all mcore/(MB/s)", total_per_gb, 2, 20)])
        report_ratios(results, arguments)
    if "setup" in arguments.phases:
        print(f"\nConnection setup: a new librdkafka producer, from its creation to the answer of its first Metadata "
              f"(list_topics), {arguments.setup_samples} per path and round; over all rounds' samples\n")
        header = (f"{'path':<24} {'median ms':>10} {'fastest':>8} {'p25':>7} {'p75':>7} {'slowest':>8} "
                  f"{'retried (+40 ms)':>17} {'median without retried':>23}")
        print(header)
        print("-" * len(header))
        for name in setup_names:
            samples = sorted(setup_samples(results, name))
            if samples:
                quartiles = statistics.quantiles(samples, n=4, method="inclusive") if len(samples) > 1 else samples * 3
                slow = sum(sample >= samples[0] + RETRY_MS for sample in samples)
                print(f"{name:<24} {setup_median(results, name):>10.1f} {samples[0]:>8.1f} {quartiles[0]:>7.1f} "
                      f"{quartiles[2]:>7.1f} {samples[-1]:>8.1f} {f'{slow} of {len(samples)}':>17} "
                      f"{setup_median(results, name, retried=False):>23.1f}")
        print("retried: librdkafka sent the application's Metadata on its bootstrap connection, dropped that connection "
              "when its own first\nMetadata answer named the broker, and sent it again after its ~50 ms connection "
              "suppression (up to timing, on every path).\ngateway-tls is the gateway's anonymous TLS listener (no SASL). "
              "SCRAM-SHA-512 setups include the client's own PBKDF2\n(4,096 iterations) and two more round trips: "
              "gateway-plain - direct is what SCRAM adds without TLS.")
    if "latency" in arguments.phases:
        latency_phases = [f"latency {rate}/s" for rate in arguments.latency_rates]
        print(f"\nLatency: {', '.join(map(str, arguments.latency_rates))} records/s, {arguments.latency_seconds:.0f} s "
              "per path, mode and rate in one-second turns, acks=1, linger.ms=0, produce() to delivery report\n")
        table(results, names, latency_phases, [
            ("p50 ms", "p50_ms", 2, 18), ("p99 ms", "p99_ms", 2, 18), ("sent/s", "achieved_rate", 0, 16),
            *((f"{process} CPU us/req", per_request_us(process), 0, 18) for process in PROCESSES),
            ("proxy CPU wait s", "proxy_wait", 2, 18), ("broker CPU wait s", "broker_wait", 2, 18)])
        print("(CPU wait: time the process's threads were runnable but waited for a core, /proc/PID/task/*/schedstat)")
    if "connections" in arguments.phases:
        print(f"\nConnections: {arguments.connections} short-lived raw clients one after another (Nagle off); "
              "direct = TCP + ApiVersions + Metadata, stunnel = TCP + TLS + ApiVersions + Metadata, gateway = "
              "TCP + TLS + ApiVersions + SCRAM-SHA-512 + Metadata, gateway-plain = the same without TLS\n")
        table(raw, path_names, ("connections",), [
            ("connections/s", "connections_per_s", 0, 18),
            *((f"{process} CPU ms/conn", f"{process}_cpu_ms", 3, 20) for process in PROCESSES)], label_width=16)
    if "handshakes" in arguments.phases:
        print(f"\nBare TLS handshakes: {arguments.handshakes} x (TCP connect + full TLS handshake + close); the gateway's "
              "on its SASL_SSL listener\n")
        table(raw, path_names, ("handshakes",), [
            ("handshakes/s", "handshakes_per_s", 0, 18),
            *((f"{process} CPU ms/hs", f"{process}_cpu_ms", 3, 20) for process in PROCESSES)], label_width=16)
    if "idle" in extra:
        print(f"\nIdle connections: {idle_summary(extra['idle'])}")
    memory_phases = [phase for phase in (*THROUGHPUT_PHASES, *(f"latency {rate}/s" for rate in arguments.latency_rates))
                     if any(phase in run for runs in results.values() for run in runs)]
    if memory_phases:
        print("\nPeak resident memory during each phase (VmHWM, reset as the phase starts)\n")
        table(results, names, memory_phases, [("proxy MiB", "proxy_peak_mib", 0, 18), ("broker MiB", "broker_peak_mib", 0, 18)])
    if BEFORE in path_names:
        report_before(results, raw, arguments)
    loads = extra.get("loads", [])
    print(f"\nTargets (medians over rounds; 1-minute load average during the run "
          f"{min(loads):.2f}-{max(loads):.2f})\n" if loads else "\nTargets (medians over rounds)\n")
    targets.print_targets(targets.evaluate(results, raw, extra, arguments.modes))


def report_ratios(results, arguments):
    """Throughput between paths, per mode: MB/s and millicores per MB/s of the proxy and of everything."""
    print("\nBetween paths (ratio of medians): MB/s, and the proxy's millicores per MB/s\n")
    header = (f"{'phase':<17} {'mode':<8} {'gateway/stunnel':>16} {'gateway/direct':>15} {'plain/direct':>13} "
              f"{'stunnel/direct':>15} {'gw mcore/stunnel mcore':>23} {'all mcore: direct, stunnel, gateway':>36}")
    print(header)
    print("-" * len(header))

    def show(value, width, digits=3):
        return f"{value:>{width}.{digits}f}" if value is not None else f"{'-':>{width}}"

    for phase in THROUGHPUT_PHASES:
        for mode in arguments.modes:
            mbs = {path: median(results, f"{path}/{mode}", phase, "mb_per_s")
                   for path in ("direct", "stunnel", "gateway", "gateway-plain")}
            proxy = {path: median(results, f"{path}/{mode}", phase, "proxy_cpu_per_gb") for path in ("stunnel", "gateway")}
            total = [median(results, f"{path}/{mode}", phase, total_per_gb) for path in ("direct", "stunnel", "gateway")]
            print(f"{phase:<17} {mode:<8} {show(ratio(mbs['gateway'], mbs['stunnel']), 16)} "
                  f"{show(ratio(mbs['gateway'], mbs['direct']), 15)} {show(ratio(mbs['gateway-plain'], mbs['direct']), 13)} "
                  f"{show(ratio(mbs['stunnel'], mbs['direct']), 15)} {show(ratio(proxy['gateway'], proxy['stunnel']), 23)} "
                  f"{', '.join('-' if value is None else f'{value:.2f}' for value in total):>36}")


def report_before(results, raw, arguments):
    """gateway / gateway-before, phase by phase and mode by mode, and whether the gateway under test lost anything."""
    print(f"\nGateway / {BEFORE}: {arguments.binary} against {arguments.baseline_binary}, both SCRAM over TLS to the "
          f"same broker (medians)\nno loss: every throughput ratio (MB/s, connections/s) >= {TARGET_BEFORE_RATIO} and "
          f"no p99 up by more than {BEFORE}'s own p99 moved between rounds\n")
    ratios, rises, relative_rises = {}, {}, {}
    for mode in arguments.modes:
        now, before = f"gateway/{mode}", f"{BEFORE}/{mode}"
        for phase in THROUGHPUT_PHASES:
            rate = ratio(median(results, now, phase, "mb_per_s"), median(results, before, phase, "mb_per_s"))
            if rate is None:
                continue
            ratios[f"{phase} {mode}"] = rate
            cost = {name: median(results, name, phase, "proxy_cpu_per_gb") for name in (now, before)}
            print(f"{phase:<17} {mode:<8} MB/s {rate:.3f}; gateway mcore/(MB/s) {cost[before]:.2f} -> {cost[now]:.2f} "
                  f"({cost[now] / cost[before]:.3f})")
        for rate in arguments.latency_rates:
            phase = f"latency {rate}/s"
            before_p99 = values(results.get(before, []), phase, "p99_ms")
            if not before_p99:
                continue
            noise = max(before_p99) - min(before_p99)
            rise = median(results, now, phase, "p99_ms") - median(results, before, phase, "p99_ms")
            rises[f"{phase} {mode}"] = (rise, noise)
            relative_rises[f"{phase} {mode}"] = rise / median(results, before, phase, "p99_ms")
            print(f"{phase} {mode} against {BEFORE}: p50 "
                  f"{median(results, now, phase, 'p50_ms') - median(results, before, phase, 'p50_ms'):+.2f} ms, p99 "
                  f"{rise:+.2f} ms ({BEFORE}'s p99 {spread(before_p99, 2)} ms, a spread of {noise:.2f}); gateway CPU per "
                  f"request {median(results, before, phase, per_request_us('proxy')):.0f} -> "
                  f"{median(results, now, phase, per_request_us('proxy')):.0f} us")
    connections = ratio(median(raw, "gateway", "connections", "connections_per_s"),
                        median(raw, BEFORE, "connections", "connections_per_s"))
    if connections is not None:
        ratios["connections"] = connections
        print(f"connections/s: {connections:.3f}; gateway CPU ms per connection "
              f"{median(raw, BEFORE, 'connections', 'proxy_cpu_ms'):.2f} -> {median(raw, 'gateway', 'connections', 'proxy_cpu_ms'):.2f}")
    losses = [f"{phase} {value:.3f} < {TARGET_BEFORE_RATIO}" for phase, value in ratios.items() if value < TARGET_BEFORE_RATIO]
    losses += [f"{phase} p99 {rise:+.2f} ms > spread {noise:.2f} ms" for phase, (rise, noise) in rises.items() if rise > noise]
    one_round = " (one round: no spread, so any p99 rise counts; use --rounds 3 or more)" if arguments.rounds < 2 else ""
    if ratios:
        print(f"\nbefore/after verdict: {'LOSS (' + '; '.join(losses) + ')' if losses else 'no loss'}. Throughput ratios "
              f"{min(ratios.values()):.3f}-{max(ratios.values()):.3f}{one_round}")
    bound = getattr(arguments, "cost_bound", None)
    if bound and ratios:
        # The setting's own bound (log delivery: throughput and p99 within 3 %), on the medians.
        over = [f"{phase} {value:.3f} < {1 - bound:.2f}" for phase, value in ratios.items() if value < 1 - bound]
        over += [f"{phase} p99 {value:+.1%} > +{bound:.0%}" for phase, value in relative_rises.items() if value > bound]
        print(f"within {bound:.0%} ({getattr(arguments, 'cost_bound_name', 'the setting')}): "
              f"{'NO (' + '; '.join(over) + ')' if over else 'yes'}{one_round}")
