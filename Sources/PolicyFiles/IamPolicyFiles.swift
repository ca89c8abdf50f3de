import Authorization
import Foundation
import PolicyStore
import SecretHandling

/// The IAM policy documents of a policy directory: each `*.json` file of its `iam/`
/// subdirectory is one policy, named after the file (`iam/orders-writer.json` is the policy
/// `orders-writer`), checked with the gateway's own parser. A directory without `iam/` manages
/// no documents; an empty `iam/` declares that there are none.
enum IamPolicyFiles {
    struct Document {
        let name: String
        let text: String
        let location: SourceLocation
    }

    /// The `iam/` directory of `path` when `path` is a directory that has one.
    static func directory(of path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        let iam = (path.hasSuffix("/") ? path : path + "/") + "iam"
        guard FileManager.default.fileExists(atPath: iam, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        return iam
    }

    /// Every document of `directory`, in name order; each problem is noted with its file (and,
    /// for invalid JSON, its line and column) and the statement it is in.
    /// `refused` gets the names of the documents refused, so that attachments of them are not
    /// reported a second time as attachments of undeclared policies.
    static func read(_ directory: String, problems: inout [PolicyFileProblem], refused: inout Set<String>) throws -> [Document] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw PolicyFileFailure("cannot list \(directory): \(error.localizedDescription)")
        }
        var documents: [Document] = []
        for fileName in names.sorted() {
            let file = directory + "/" + fileName
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let start = SourceLocation(file: file, line: 1, column: 1)
            guard fileName.hasSuffix(".json") else {
                problems.append(PolicyFileProblem(location: start, message: "iam/ holds policy documents only, each NAME.json; move or rename this file"))
                continue
            }
            let name = String(fileName.dropLast(".json".count))
            if let problem = IamName.problem(with: name, kind: .policy) {
                problems.append(PolicyFileProblem(location: start, message: "the file name is the policy name: \(problem)"))
                continue
            }
            let bytes: [UInt8]
            do {
                bytes = try SecureFile.read(file, limit: PolicyStore.maximumIamPolicyDocumentByteCount, ownerOnly: false)
            } catch {
                problems.append(PolicyFileProblem(location: start, message: "cannot read it: \(error)"))
                refused.insert(name)
                continue
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                problems.append(PolicyFileProblem(location: start, message: "not UTF-8 text"))
                refused.insert(name)
                continue
            }
            do {
                _ = try IamPolicyDocument(json: bytes)
            } catch {
                problems.append(PolicyFileProblem(location: location(of: error, in: bytes, file: file), message: "policy \(name) is not a valid IAM policy document: \(error)"))
                refused.insert(name)
                continue
            }
            documents.append(Document(name: name, text: text, location: start))
        }
        return documents
    }

    /// Where a JSON syntax error is; the file's start for the other problems, which name their statement.
    private static func location(of error: IamPolicyDocumentError, in bytes: [UInt8], file: String) -> SourceLocation {
        guard case .invalidJSON(let offset, _) = error.problem else { return SourceLocation(file: file, line: 1, column: 1) }
        let before = bytes.prefix(max(0, min(offset, bytes.count)))
        let line = before.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let column = before.count - (before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) + 1
        return SourceLocation(file: file, line: line, column: column)
    }
}
