import Crypto
import Foundation
import SecretHandling

extension RootKey {
    /// Finds the root key: the `PORTCULLIS_ROOT_KEY` environment variable or
    /// the file at `file` (giving both is refused as ambiguous); with neither,
    /// and only when `allowDevelopmentKey` is set, `DIR/keys/root.key`,
    /// generated on first start.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        file: String?,
        dataDirectory: String,
        allowDevelopmentKey: Bool
    ) throws(KeyServiceError) -> LoadedRootKey {
        let fromEnvironment = environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch (fromEnvironment, file) {
        case (.some, .some):
            throw .rootKeyUnavailable("both \(environmentVariable) and a root key file are given; give one")
        case (.some(let text), nil):
            let key = try RootKey(base64: Array(text.utf8), origin: environmentVariable)
            return LoadedRootKey(rootKey: key, source: .environment, warning: nil)
        case (nil, .some(let path)):
            return LoadedRootKey(rootKey: try read(fromFile: path), source: .file(path: path), warning: nil)
        case (nil, nil):
            guard allowDevelopmentKey else {
                throw .rootKeyUnavailable(
                    "no root key: set \(environmentVariable) to base64 of \(byteCount) random bytes, or give a root key file readable by its owner only"
                )
            }
            return try loadOrCreateDevelopmentKey(in: KeyDirectory(dataDirectory: dataDirectory))
        }
    }

    /// Reads a root key file: base64 of 32 bytes, a regular file owned by
    /// this user with no access for group or others (mode 0600 or 0400).
    public static func read(fromFile path: String) throws(KeyServiceError) -> RootKey {
        var text = try unavailableOnFailure { () throws(SecureFileError) in try SecureFile.read(path, limit: 1024, ownerOnly: true) }
        defer { SecretBytes.zero(&text) }
        return try RootKey(base64: text, origin: "root key file \(path)")
    }

    static func loadOrCreateDevelopmentKey(in directory: KeyDirectory) throws(KeyServiceError) -> LoadedRootKey {
        let path = directory.rootKeyFile
        let source = RootKeySource.developmentFile(path: path)
        let advice = "anyone who can read it can read all data; use \(environmentVariable) or a root key file outside the data directory in production"
        do throws(SecureFileError) {
            if !SecureFile.exists(path) {
                try directory.create()
                let material = SymmetricKey(size: .bits256)
                var text = material.withUnsafeBytes { bytes in
                    var raw = Data(bytes)
                    var encoded = raw.base64EncodedData()
                    defer {
                        SecretBytes.zero(&raw)
                        SecretBytes.zero(&encoded)
                    }
                    var line = [UInt8]()
                    line.reserveCapacity(encoded.count + 1)
                    line.append(contentsOf: encoded)
                    line.append(UInt8(ascii: "\n"))
                    return line
                }
                defer { SecretBytes.zero(&text) }
                if try SecureFile.createIfAbsent(path, with: text) {
                    let warning = "generated a development root key at \(path): \(advice)"
                    return LoadedRootKey(rootKey: RootKey(material: material), source: source, warning: warning)
                }
                // Another process created it first: use theirs.
            }
        } catch {
            throw .rootKeyUnavailable("root key: \(error)")
        }
        let warning = "using the development root key at \(path): \(advice)"
        return LoadedRootKey(rootKey: try read(fromFile: path), source: source, warning: warning)
    }

    private static func unavailableOnFailure<Result>(_ body: () throws(SecureFileError) -> Result) throws(KeyServiceError) -> Result {
        do throws(SecureFileError) {
            return try body()
        } catch {
            throw .rootKeyUnavailable("root key: \(error)")
        }
    }
}
