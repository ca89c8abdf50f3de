#!/usr/bin/env bash
# Fuzzes the Kafka protocol codec (request frames, responses, record batches),
# or with FUZZ_TARGET another parser that reads untrusted bytes, with
# libFuzzer + AddressSanitizer, for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [extra libFuzzer flags...]      default 60 s
#
# Environment:
#   FUZZ_TARGET=kafka   the codec (default; KafkaFuzzer)
#              scram | iam-token | iam-policy | policy-yaml
#                       SecurityFuzzer: a SCRAM server exchange, OAUTHBEARER and
#                       AWS_MSK_IAM tokens, IAM policy documents, authctl apply's
#                       YAML policy files; seeds in
#                       FuzzTesting/seed-corpus-TARGET, findings copied to
#                       FuzzTesting/regressions/TARGET (replayed by
#                       AuthenticationFuzzRegressionTests / IamPolicyFuzzRegressionTests /
#                       PolicyYAMLFuzzRegressionTests)
#              segment  SegmentFuzzer: the broker's log files read back at startup
#                       (recovery of a partition directory unpacked from the input:
#                       segments, indexes, .key, producer snapshot); seeds in
#                       FuzzTesting/seed-corpus-segment, findings copied to
#                       FuzzTesting/regressions/segment (replayed by SegmentFuzzRegressionTests)
#   FUZZ_KEEP_GOING=1   don't stop at the first crash: libFuzzer's fork mode with
#                       -ignore_crashes/-ignore_timeouts/-ignore_ooms (one job)
#   FUZZ_MINIMIZE=0     skip minimising new crashes (default: 60 s per crash)
#   FUZZ_MAX_LEN=N      largest input libFuzzer makes (default 65536)
#   FUZZ_SKIP_BUILD=1   run the binary already built (a long campaign of chunks
#                       then never recompiles halfway)
#   KAFKA_FUZZ_ALLOW=bool-normalization,same-value
#                       tolerate known classes of re-encoding mismatch so the run
#                       can look for others: bool-normalization (a boolean byte
#                       other than 0/1 re-encoded as 1), same-value (any input
#                       that is a non-canonical form of the value it decodes to).
#                       Every other finding (a re-encoding that decodes to a
#                       different value, a decoded value that does not encode,
#                       record batch inconsistencies, traps, ASan reports, a
#                       malloc over 256 MiB, a 10 s timeout) still stops the run.
#
# The package in FuzzTesting/ depends on the main package by path; it is never
# built by a plain `swift build`. What works on Linux (DESIGN.md, "Fuzzing with
# SwiftPM on Linux"): a main.swift calling LLVMFuzzerRunDriver, lld (gold
# crashes), and SWIFT_BACKTRACE=enable=no so a crash doesn't linger in the
# backtracer.
#
# Inputs: FuzzTesting/seed-corpus (committed, read-only here) and
# FuzzTesting/corpus-work (the growing corpus, git-ignored; new inputs go there).
# Crashes (and timeouts/OOMs) are copied into
# Tests/KafkaProtocolTests/Fixtures/fuzz-regressions/ (a crash also as NAME.min,
# minimised, when minimising changed it), which
# FuzzCorpusRegressionTests replays on every `swift test`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz_dir="$root/FuzzTesting"
duration="${1:-60}"
shift $(( $# > 0 ? 1 : 0 ))
target="${FUZZ_TARGET:-kafka}"
case "$target" in
    kafka)
        product=KafkaFuzzer
        seeds="$fuzz_dir/seed-corpus"
        work="$fuzz_dir/corpus-work"
        regressions="$root/Tests/KafkaProtocolTests/Fixtures/fuzz-regressions"
        ;;
    scram|iam-token|iam-policy|policy-yaml)
        product=SecurityFuzzer
        export SECURITY_FUZZ_TARGET="$target"
        seeds="$fuzz_dir/seed-corpus-$target"
        work="$fuzz_dir/corpus-work-$target"
        regressions="$fuzz_dir/regressions/$target"
        ;;
    segment)
        product=SegmentFuzzer
        seeds="$fuzz_dir/seed-corpus-segment"
        work="$fuzz_dir/corpus-work-segment"
        regressions="$fuzz_dir/regressions/segment"
        ;;
    *)
        echo "FUZZ_TARGET must be kafka, scram, iam-token, iam-policy, policy-yaml or segment, not '$target'" >&2
        exit 2
        ;;
esac
max_len="${FUZZ_MAX_LEN:-65536}"
artifacts="$fuzz_dir/.build/fuzz-artifacts/$target"
logs="$fuzz_dir/.build/fuzz-logs"

build_flags=(-c release --product "$product"
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)

if [[ "${FUZZ_SKIP_BUILD:-0}" != 1 ]]; then
    echo "== building $product (release, -sanitize=fuzzer,address, lld)"
    swift build --package-path "$fuzz_dir" "${build_flags[@]}"
    bin="$(swift build --package-path "$fuzz_dir" "${build_flags[@]}" --show-bin-path)/$product"
else
    # Not asking SwiftPM: it would wait for any build running in the package meanwhile.
    bin="$fuzz_dir/.build/release/$product"
    [[ -x "$bin" ]] || { echo "FUZZ_SKIP_BUILD=1 but $bin is not built" >&2; exit 2; }
fi

mkdir -p "$work" "$artifacts" "$logs" "$regressions"
log="$logs/fuzz-$target-$(date +%Y%m%d-%H%M%S).log"
before="$(mktemp)"
trap 'rm -f "$before"' EXIT
ls "$artifacts" > "$before"

export SWIFT_BACKTRACE=enable=no
# Leaks are not findings for a codec that owns nothing outside Swift's ARC;
# ASan's leak checker only slows the exit down.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}"

flags=(
    -max_len="$max_len"
    -max_total_time="$duration"
    -timeout=10
    -rss_limit_mb=2048
    # Decoding never allocates more than its input: a 256 MiB malloc is a finding.
    -malloc_limit_mb=256
    -artifact_prefix="$artifacts/"
    -print_final_stats=1
)
if [[ "${FUZZ_KEEP_GOING:-0}" == 1 ]]; then
    flags+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi

echo "== fuzzing for ${duration}s (log: $log)"
start=$(date +%s)
set +e
"$bin" "${flags[@]}" "$@" "$work" "$seeds" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
elapsed=$(( $(date +%s) - start ))

# New crash/timeout/oom files, minimised and copied into the regression fixtures.
new=()
while IFS= read -r name; do
    [[ -n "$name" ]] && new+=("$name")
done < <(ls "$artifacts" | grep -E '^(crash|timeout|oom|slow-unit)-' | grep -vxF -f "$before" || true)
for name in "${new[@]}"; do
    case "$name" in slow-unit-*) continue ;; esac
    source_file="$artifacts/$name"
    if [[ "${FUZZ_MINIMIZE:-1}" == 1 && "$name" == crash-* ]]; then
        minimized="$artifacts/minimized-$name"
        echo "== minimising $name"
        "$bin" -minimize_crash=1 -max_total_time=60 -exact_artifact_path="$minimized" \
            "$source_file" > "$logs/minimize-$name.log" 2>&1 || true
        [[ -s "$minimized" ]] && source_file="$minimized"
    fi
    # The original always; the minimised input too, as it may show another
    # finding (-minimize_crash keeps any input that still crashes).
    cp "$artifacts/$name" "$regressions/$name"
    echo "== regression input: ${regressions#"$root"/}/$name ($(wc -c < "$artifacts/$name") bytes)"
    if [[ "$source_file" != "$artifacts/$name" ]] && ! cmp -s "$source_file" "$artifacts/$name"; then
        cp "$source_file" "$regressions/$name.min"
        echo "== regression input: ${regressions#"$root"/}/$name.min ($(wc -c < "$source_file") bytes)"
    fi
done

echo
echo "== summary"
echo "duration:      ${elapsed}s (asked ${duration}s), exit status $status"
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" || true
# The last status line: "#N  ... cov: X ft: Y corp: units/size ... exec/s: Z" (fork mode: "#N: cov: ...").
last="$(grep -E '^#[0-9]+:?[[:space:]].*cov: ' "$log" | tail -n 1 || true)"
echo "last status:   ${last:-none}"
corpus_size() { find "$1" -type f -exec cat {} + | wc -c; }
echo "target:        $target"
echo "corpus-work:   $(find "$work" -type f | wc -l) files, $(corpus_size "$work") bytes"
echo "seed-corpus:   $(find "$seeds" -type f | wc -l) files, $(corpus_size "$seeds") bytes"
# A slow unit is only an input that took over 10 s once, which a starved
# background campaign also reports: timed again alone before it is a finding.
findings=()
slow=()
for name in "${new[@]}"; do
    case "$name" in slow-unit-*) slow+=("$name") ;; *) findings+=("$name") ;; esac
done
echo "new findings:  ${#findings[@]}"
for name in "${findings[@]}"; do
    echo "  $name"
done
if [[ ${#slow[@]} -gt 0 ]]; then
    echo "slow units:    ${#slow[@]} (not copied; time each alone: $bin FILE)"
    for name in "${slow[@]}"; do
        echo "  $artifacts/$name"
    done
fi
if [[ ${#findings[@]} -gt 0 ]]; then
    echo "reproduce:     SWIFT_BACKTRACE=enable=no $bin FILE"
fi
exit "$status"
