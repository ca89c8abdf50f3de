// libFuzzer entry point for the parsers that read what unauthenticated or
// untrusted peers send, besides the Kafka codec (KafkaFuzzer):
//   SECURITY_FUZZ_TARGET=scram       a SCRAM server exchange (client-first, client-final)
//   SECURITY_FUZZ_TARGET=iam-token   OAUTHBEARER client-first and AWS_MSK_IAM payloads
//   SECURITY_FUZZ_TARGET=iam-policy  IAM policy documents (their canonical form must read back)
//   SECURITY_FUZZ_TARGET=policy-yaml `authctl apply`'s YAML policy files (refused in place, or accepted by the store)
// Run by FuzzDriver's `runLibFuzzer`, built and run by scripts/fuzz.sh.
import AuthenticationFuzzChecks
import FuzzDriver
import IamPolicyFuzzChecks
import PolicyYAMLFuzzChecks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let checks: [String: ([UInt8]) -> [String]] = [
    "scram": AuthenticationFuzzChecks.checkScram,
    "iam-token": AuthenticationFuzzChecks.checkIamToken,
    "iam-policy": IamPolicyFuzzChecks.check,
    "policy-yaml": PolicyYAMLFuzzChecks.check,
]
let targetName = getenv("SECURITY_FUZZ_TARGET").map { String(cString: $0) } ?? ""
guard let check = checks[targetName] else {
    printToStandardError("SecurityFuzzer: set SECURITY_FUZZ_TARGET to one of \(checks.keys.sorted().joined(separator: ", "))")
    exit(2)
}

runLibFuzzer(name: "SecurityFuzzer (\(targetName))") { bytes in
    check(Array(bytes))
}
