// libFuzzer entry point for the parsers that read what unauthenticated or
// untrusted peers send, besides the Kafka codec (KafkaFuzzer):
//   SECURITY_FUZZ_TARGET=scram       a SCRAM server exchange (client-first, client-final)
//   SECURITY_FUZZ_TARGET=iam-token   OAUTHBEARER client-first and AWS_MSK_IAM payloads
//   SECURITY_FUZZ_TARGET=iam-policy  IAM policy documents (their canonical form must read back)
// Built and run like KafkaFuzzer (LLVMFuzzerRunDriver, see DESIGN.md) by scripts/fuzz.sh.
import AuthenticationFuzzChecks
import IamPolicyFuzzChecks

#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

let checks: [String: ([UInt8]) -> [String]] = [
    "scram": AuthenticationFuzzChecks.checkScram,
    "iam-token": AuthenticationFuzzChecks.checkIamToken,
    "iam-policy": IamPolicyFuzzChecks.check,
]
let targetName = getenv("SECURITY_FUZZ_TARGET").map { String(cString: $0) } ?? ""
guard let selected = checks[targetName] else {
    fputs("SecurityFuzzer: set SECURITY_FUZZ_TARGET to one of \(checks.keys.sorted().joined(separator: ", "))\n", stderr)
    exit(2)
}
nonisolated(unsafe) let check = selected

let fuzzOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let findings = check(bytes)
    if !findings.isEmpty {
        fatalError("SecurityFuzzer finding (\(targetName)):\n  " + findings.joined(separator: "\n  "))
    }
    return 0
}

var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
