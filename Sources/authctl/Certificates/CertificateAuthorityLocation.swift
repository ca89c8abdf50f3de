import ArgumentParser
import CertificateAuthority

/// Where the CA lives: `DATA_DIR/ca`.
struct CertificateAuthorityLocation: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The data directory; the CA is kept in its ca/ folder.")
    var dataDirectory = "data"

    var directory: String { CertificateAuthority.directory(dataDirectory: dataDirectory) }

    /// Loads the CA, telling the user how to make one when there is none.
    func load() throws -> CertificateAuthority {
        do {
            return try CertificateAuthority.load(from: directory)
        } catch .missingFile(let path) {
            throw CommandFailure("no CA at \(directory) (\(path) is missing); create one with `authctl ca init --data-dir \(dataDirectory)`")
        }
    }
}

/// Runs `body`, pointing at --force when it refused to replace a file.
func offeringForce<Result>(_ body: () throws(CertificateAuthorityError) -> Result) throws -> Result {
    do {
        return try body()
    } catch .alreadyExists(let path) {
        throw CommandFailure("\(path) already exists; --force replaces it")
    }
}

/// `--days N`, shared by `ca init` and `cert issue`.
func validity(days: Int) throws -> CertificateValidity {
    guard (1...36_500).contains(days) else { throw ValidationError("--days must be between 1 and 36500") }
    return .days(days)
}
