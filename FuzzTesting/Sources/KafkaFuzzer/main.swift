// libFuzzer entry point for the Kafka protocol codec.
//
// `-parse-as-library` with an `LLVMFuzzerTestOneInput` fails to link under
// SwiftPM on Linux, so this is an ordinary executable that hands libFuzzer
// its callback through `LLVMFuzzerRunDriver` (see DESIGN.md, "Fuzzing with
// SwiftPM on Linux"). Build and run it with scripts/fuzz.sh.
//
// Every libFuzzer flag works as usual (`-runs=`, `-max_total_time=`, a crash
// file to reproduce it, `-minimize_crash=1`, ...).
import KafkaFuzzChecks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

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

let fuzzOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    let findings = KafkaFuzzChecks.check(bytes).filter { finding in
        !allowedTags.contains { finding.hasPrefix($0) }
    }
    if !findings.isEmpty {
        // A finding is a bug: stop here so that libFuzzer saves the input as a crash.
        fatalError("KafkaFuzzer finding:\n  " + findings.joined(separator: "\n  "))
    }
    return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
