import ArgumentParser
import Foundation
import PolicyStore

/// `-f`: the declarative policy `apply` and `diff` read.
struct PolicyFileOptions: ParsableArguments {
    @Option(
        name: [.customShort("f"), .customLong("file")],
        help: ArgumentHelp(
            "A policy file, or a directory whose *.yaml and *.yml files are read in name order, with the IAM policy documents of its iam/*.json (repeatable).",
            valueName: "path"
        )
    )
    var paths: [String]

    /// Reads and checks every file; throws ``PolicyFilesRefused`` with every problem found, or
    /// when the files manage nothing at all.
    func declaredPolicy() throws -> DeclaredPolicy {
        var problems: [PolicyFileProblem] = []
        var documents: [PolicyDocument] = []
        let files = try paths.flatMap(PolicyFilePaths.files)
        for file in files {
            var reader = YAMLFieldReader(file: file)
            documents.append(PolicyDocument.read(try Self.text(of: file), with: &reader))
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
            throw CommandFailure("the files declare no users, acls, networkRules or iam, and there is no iam/ directory, so they manage nothing")
        }
        return declared
    }

    private static func text(of file: String) throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CommandFailure("cannot read \(file): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CommandFailure("\(file) is not UTF-8 text") }
        return text
    }
}
