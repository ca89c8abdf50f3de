import PolicyFiles

/// What one fuzz input goes through in the policy file reader (`authctl apply` and `diff` read
/// files a reviewer wrote, but a bad one must be refused with its place, never crash, hang or be
/// misread). Shared by the libFuzzer driver (FuzzTesting/SecurityFuzzer, via a symlink) and
/// `PolicyYAMLFuzzRegressionTests`. Findings: a problem placed outside the text, and a file read
/// without a problem that the store would still refuse (its refusal names no file or line).
public enum PolicyYAMLFuzzChecks {
    public static let file = "fuzz.yaml"

    public static func check(_ input: [UInt8]) -> [String] {
        guard let text = String(validating: input, as: UTF8.self) else { return [] }
        let (declared, problems) = PolicyFileSet.declaredPolicy(yaml: text, file: file)
        var findings = problems.compactMap { misplaced($0, in: text) }
        if problems.isEmpty {
            do {
                try declared.validate()
            } catch {
                findings.append("read without a problem, refused by the store: \(error)")
            }
        }
        return findings
    }

    /// Why `problem` cannot point into `text`, if it cannot. libyaml breaks lines at CR, LF,
    /// NEL, LS and PS, so each of those may start a line.
    private static func misplaced(_ problem: PolicyFileProblem, in text: String) -> String? {
        let location = problem.location
        let lines = text.unicodeScalars.count { "\r\n\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) } + 1
        guard location.file == file, (1...lines).contains(location.line), (1...text.unicodeScalars.count + 1).contains(location.column) else {
            return "a problem outside the text (\(lines) lines): \(problem)"
        }
        return problem.message.isEmpty ? "a problem without a message at \(location)" : nil
    }
}
