// libFuzzer entry point for the Kafka protocol codec (the driver itself is
// FuzzDriver's `runLibFuzzer`). Build and run it with scripts/fuzz.sh.
import FuzzDriver
import KafkaFuzzChecks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Known finding classes to tolerate, so that a run can look past them:
/// `KAFKA_FUZZ_ALLOW=bool-normalization,same-value` (comma-separated tags, see
/// `KafkaFuzzChecks.mismatchFinding`). Empty by default: every finding stops the run.
let allowedTags: [String] = {
    guard let value = getenv("KAFKA_FUZZ_ALLOW") else { return [] }
    return String(cString: value).split(separator: ",").map { "[\($0.trimmingCharacters())] " }
}()

extension Substring {
    fileprivate func trimmingCharacters() -> Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}

runLibFuzzer(name: "KafkaFuzzer") { bytes in
    KafkaFuzzChecks.check(bytes).filter { finding in
        !allowedTags.contains { finding.hasPrefix($0) }
    }
}
