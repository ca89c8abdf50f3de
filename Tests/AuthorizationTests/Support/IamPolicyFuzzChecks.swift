import Authorization

/// What one fuzz input goes through in the IAM policy reader (documents come
/// from files and the Kafka-less admin path, not from clients, but a bad
/// one must be refused, never crash or be misread). Shared by the libFuzzer
/// driver (FuzzTesting/SecurityFuzzer, via a symlink) and
/// `IamPolicyFuzzRegressionTests`. A finding: a document that parses but
/// whose canonical form does not parse back to the same document.
public enum IamPolicyFuzzChecks {
    public static func check(_ input: [UInt8]) -> [String] {
        guard let document = try? IamPolicyDocument(json: input) else { return [] }
        let canonical = document.canonicalJSON
        guard let again = try? IamPolicyDocument(json: Array(canonical.utf8)) else {
            return ["the canonical form of a parsed policy does not parse: \(canonical.prefix(300))"]
        }
        return again == document ? [] : ["the canonical form reads back as another policy: \(canonical.prefix(300))"]
    }
}
