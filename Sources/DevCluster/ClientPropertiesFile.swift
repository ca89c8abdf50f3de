import SecretHandling

/// A librdkafka/Java client property file (`kcat -F FILE`), written owner-only
/// because the SCRAM one holds a password.
struct ClientPropertiesFile {
    let entries: [(String, String)]

    var text: String {
        entries.map { "\($0.0)=\($0.1)" }.joined(separator: "\n") + "\n"
    }

    /// Writes the file with mode 0600 from the start, replacing any earlier
    /// version atomically and durably.
    func write(to path: String) throws(SecureFileError) {
        var bytes = Array(text.utf8)
        defer { SecretBytes.zero(&bytes) }
        try SecureFile.replace(path, with: bytes)
    }
}
