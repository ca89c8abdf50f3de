#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// The decision log's directory, `DATA_DIR/audit`:
///
/// - `decisions-000001.jsonl`, `decisions-000002.jsonl`, …: the records, one
///   JSON object a line, the chain running on from each file into the next;
/// - `checkpoint-key.json`: the checkpoint MAC key, wrapped by the KMS;
/// - `head.json`: the latest checkpoint's line, replaced atomically, so that a
///   log cut short before it is noticed;
/// - `writer.lock`: held by the one process writing the log.
public struct AuditDirectory: Hashable, Sendable {
    public let path: String

    public init(path: String) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// The log of the gateway whose data directory is `dataDirectory`.
    public init(dataDirectory: String) {
        self.init(path: AuditDirectory(path: dataDirectory).path + "/audit")
    }

    public var checkpointKeyFile: String { path + "/checkpoint-key.json" }
    public var headFile: String { path + "/head.json" }

    public func decisionFile(_ number: Int) -> AuditLogFile {
        let digits = String(number)
        let name = "decisions-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits + ".jsonl"
        return AuditLogFile(number: number, name: name, directory: path)
    }

    /// The decision files there are, oldest first.
    public func decisionFiles() throws(SecureFileError) -> [AuditLogFile] {
        guard let directory = opendir(path) else {
            let code = errno
            throw code == ENOENT ? .missing(path: path) : .system(operation: "list", path: path, code: code)
        }
        defer { closedir(directory) }
        var numbers: [Int] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let number = Self.number(ofFileNamed: name) { numbers.append(number) }
        }
        return numbers.sorted().map(decisionFile)
    }

    /// `decisions-NNNNNN.jsonl` (six digits or more) gives NNNNNN.
    private static func number(ofFileNamed name: String) -> Int? {
        guard name.hasPrefix("decisions-"), name.hasSuffix(".jsonl") else { return nil }
        let digits = name.dropFirst("decisions-".count).dropLast(".jsonl".count)
        guard digits.count >= 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        return Int(digits)
    }
}

/// One numbered file of the log.
public struct AuditLogFile: Hashable, Sendable {
    public let number: Int
    public let name: String
    /// The audit directory it is in.
    public let directory: String

    public var path: String { directory + "/" + name }
}
