import Foundation
import PolicyStore

/// Declarative policy files read into the ``DeclaredPolicy`` that `authctl apply` and `diff`
/// hand to the store: YAML files and directories, with the IAM policy documents of their `iam/`.
public enum PolicyFileSet {
    /// Reads and checks every file `paths` names; throws ``PolicyFilesRefused`` with every
    /// problem found, ``PolicyFileFailure`` for a file that cannot be read or files that manage
    /// nothing at all.
    public static func declaredPolicy(paths: [String]) throws -> DeclaredPolicy {
        var problems: [PolicyFileProblem] = []
        var documents: [PolicyDocument] = []
        let files = try paths.flatMap(PolicyFilePaths.files)
        for file in files {
            var reader = YAMLFieldReader(file: file, text: try text(of: file))
            documents.append(PolicyDocument.read(with: &reader))
            problems += reader.problems
        }
        let iamDirectories = paths.compactMap(IamPolicyFiles.directory)
        var refusedIamPolicies: Set<String> = []
        let iamPolicies = iamDirectories.isEmpty
            ? nil : try iamDirectories.flatMap { try IamPolicyFiles.read($0, problems: &problems, refused: &refusedIamPolicies) }
        let declared = PolicyDeclaration.merge(documents, iamPolicies: iamPolicies, refusedIamPolicies: refusedIamPolicies, problems: &problems)
        guard problems.isEmpty else {
            // In reading order: file by file, top to bottom.
            let order = Dictionary(files.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
            // IAM documents (not in `files`) after the YAML, in name order.
            throw PolicyFilesRefused(problems: problems.sorted {
                let (a, b) = ($0.location, $1.location)
                return (order[a.file] ?? files.count, a.file, a.line, a.column) < (order[b.file] ?? files.count, b.file, b.line, b.column)
            })
        }
        guard declared != DeclaredPolicy() else {
            throw PolicyFileFailure("the files declare no users, acls, networkRules or iam, and there is no iam/ directory, so they manage nothing")
        }
        return declared
    }

    /// One file's YAML `text`, read as if it were the only file (`file` names it in problems):
    /// what it declares and every problem, in the order found.
    public static func declaredPolicy(yaml text: String, file: String) -> (declared: DeclaredPolicy, problems: [PolicyFileProblem]) {
        var reader = YAMLFieldReader(file: file, text: text)
        let document = PolicyDocument.read(with: &reader)
        var problems = reader.problems
        let declared = PolicyDeclaration.merge([document], problems: &problems)
        return (declared, problems)
    }

    private static func text(of file: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw PolicyFileFailure("cannot read \(file): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw PolicyFileFailure("\(file) is not UTF-8 text") }
        return text
    }
}
