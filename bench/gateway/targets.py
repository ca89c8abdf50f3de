"""The performance issue's targets, each set against the figures of one run of the fair
comparison: a row per target with the measured value and PASS/FAIL ("-" when the run
did not include what the target needs)."""
from figures import difference, median, per_request_us, ratio, setup_median

THROUGHPUT_TARGET_PHASES = ("produce acks=1", "consume")
GATEWAY_OVER_STUNNEL = 1.5  # MB/s, at least
GATEWAY_MILLICORES_PER_MBS = 2.0  # at most
GATEWAY_CPU_OVER_STUNNEL = 0.5  # millicores per MB/s, at most
PLAIN_OVER_DIRECT = 0.95  # MB/s, at least
SETUP_OVER_STUNNEL_MS = 5.0  # at most, librdkafka defaults
AUTHENTICATED_OVER_HANDSHAKE = 1.25  # gateway CPU, at most
BROKER_US_PER_PRODUCE = 100.0
GATEWAY_US_PER_PRODUCE = 60.0
TARGET_RATE = 1000
ADDED_P50_MS, ADDED_P99_MS = 0.1, 0.5
IDLE_KIB, IDLE_AT = 64.0, 3000


def row(target, measured, passed):
    return (target, measured, "-" if passed is None else ("PASS" if passed else "FAIL"))


def at_least(value, bound, digits=2, unit=""):
    return (f"{value:.{digits}f}{unit}", value >= bound) if value is not None else ("not measured", None)


def at_most(value, bound, digits=2, unit=""):
    return (f"{value:.{digits}f}{unit}", value <= bound) if value is not None else ("not measured", None)


def evaluate(results, raw, extra, modes):
    """The rows: (target, measured, verdict)."""
    rows = []

    def name(path, mode):
        return f"{path}/{mode}"

    for mode in modes:
        for phase in THROUGHPUT_TARGET_PHASES:
            mbs = {path: median(results, name(path, mode), phase, "mb_per_s")
                   for path in ("direct", "stunnel", "gateway", "gateway-plain")}
            millicores = {path: median(results, name(path, mode), phase, "proxy_cpu_per_gb")
                          for path in ("stunnel", "gateway")}
            rows.append(row(f"{phase}, {mode}: gateway / stunnel MB/s >= {GATEWAY_OVER_STUNNEL}",
                            *at_least(ratio(mbs["gateway"], mbs["stunnel"]), GATEWAY_OVER_STUNNEL, 3)))
            rows.append(row(f"{phase}, {mode}: gateway CPU <= {GATEWAY_MILLICORES_PER_MBS:.0f} millicores per MB/s",
                            *at_most(millicores["gateway"], GATEWAY_MILLICORES_PER_MBS)))
            rows.append(row(f"{phase}, {mode}: gateway CPU per MB/s <= {GATEWAY_CPU_OVER_STUNNEL} x stunnel's",
                            *at_most(ratio(millicores["gateway"], millicores["stunnel"]), GATEWAY_CPU_OVER_STUNNEL, 3)))
            rows.append(row(f"{phase}, {mode}: gateway-plain / direct MB/s >= {PLAIN_OVER_DIRECT}",
                            *at_least(ratio(mbs["gateway-plain"], mbs["direct"]), PLAIN_OVER_DIRECT, 3)))

    # Without the setups that waited for librdkafka's own Metadata retry (figures.setup_median).
    setup = {path: setup_median(results, name(path, "default"), retried=False)
             for path in ("stunnel", "gateway", "gateway-tls")}
    rows.append(row(f"connect -> first Metadata, defaults, no client retry: gateway anonymous TLS - stunnel <= {SETUP_OVER_STUNNEL_MS:.0f} ms",
                    *at_most(difference(setup["gateway-tls"], setup["stunnel"]), SETUP_OVER_STUNNEL_MS, 1, " ms")))
    # librdkafka's own SCRAM (its PBKDF2 and two round trips), measured without TLS: gateway-plain - direct.
    scram = difference(setup_median(results, name("gateway-plain", "default"), retried=False),
                       setup_median(results, name("direct", "default"), retried=False))
    measured, passed = at_most(difference(difference(setup["gateway"], scram), setup["stunnel"]),
                               SETUP_OVER_STUNNEL_MS, 1, " ms")
    if scram is not None and setup["gateway"] is not None and setup["stunnel"] is not None:
        measured += f" ({setup['gateway']:.1f} - SCRAM {scram:.1f} - {setup['stunnel']:.1f})"
    rows.append(row(f"connect -> first Metadata, defaults, no client retry: gateway SCRAM/TLS - SCRAM (gateway-plain - direct) - stunnel "
                    f"<= {SETUP_OVER_STUNNEL_MS:.0f} ms", measured, passed))

    authenticated = median(raw, "gateway", "connections", "proxy_cpu_ms")
    handshake = median(raw, "gateway", "handshakes", "proxy_cpu_ms")
    measured, passed = at_most(ratio(authenticated, handshake), AUTHENTICATED_OVER_HANDSHAKE, 2, "x")
    if authenticated is not None and handshake is not None:
        measured += f" ({authenticated:.2f} / {handshake:.2f} ms)"
    rows.append(row(f"gateway CPU per authenticated connection <= {AUTHENTICATED_OVER_HANDSHAKE} x per bare TLS handshake "
                    "(same listener)", measured, passed))

    phase = f"latency {TARGET_RATE}/s"
    for mode in modes:
        rows.append(row(f"broker CPU per small acks=1 produce at {TARGET_RATE}/s, {mode} (direct) "
                        f"<= {BROKER_US_PER_PRODUCE:.0f} us",
                        *at_most(median(results, name("direct", mode), phase, per_request_us("broker")),
                                 BROKER_US_PER_PRODUCE, 0, " us")))
        rows.append(row(f"gateway CPU per small acks=1 produce at {TARGET_RATE}/s, {mode} <= {GATEWAY_US_PER_PRODUCE:.0f} us",
                        *at_most(median(results, name("gateway", mode), phase, per_request_us("proxy")),
                                 GATEWAY_US_PER_PRODUCE, 0, " us")))
        for percentile, bound in (("p50", ADDED_P50_MS), ("p99", ADDED_P99_MS)):
            added = difference(median(results, name("gateway", mode), phase, f"{percentile}_ms"),
                               median(results, name("direct", mode), phase, f"{percentile}_ms"))
            rows.append(row(f"added {percentile} at {TARGET_RATE}/s, {mode} (gateway - direct) <= {bound} ms",
                            *at_most(added, bound, 2, " ms")))

    idle = extra.get("idle")
    if idle is not None:
        measured, passed = at_most(idle["gateway_kib_per_connection"], IDLE_KIB, 1, " KiB")
        measured += f" (at {idle['connections']})"
        if idle["connections"] < IDLE_AT:
            passed = None  # not at the target's count
    else:
        measured, passed = "not measured", None
    rows.append(row(f"gateway RSS per idle authenticated connection <= {IDLE_KIB:.0f} KiB at {IDLE_AT}", measured, passed))
    return rows


def print_targets(rows):
    width = max(len(target) for target, _, _ in rows)
    measured_width = max(len(measured) for _, measured, _ in rows)
    header = f"{'target':<{width}}  {'measured':<{measured_width}}  verdict"
    print(header)
    print("-" * len(header))
    for target, measured, verdict in rows:
        print(f"{target:<{width}}  {measured:<{measured_width}}  {verdict}")
    counted = [verdict for _, _, verdict in rows if verdict != "-"]
    print(f"\n{counted.count('PASS')} of {len(counted)} measured targets pass"
          + (f"; {len(rows) - len(counted)} not measured in this run" if len(counted) < len(rows) else ""))
