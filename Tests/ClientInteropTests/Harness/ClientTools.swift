import Foundation

/// Where the real clients and their scripts are. A client that is not
/// installed is an error, so that a test run without it fails instead of
/// passing vacuously: install them with scripts/install-test-deps.sh.
enum ClientTools {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String {
            "\(name) is not installed (not on PATH): run scripts/install-test-deps.sh"
        }
    }

    /// Tests/ClientInteropTests/clients
    static let scriptsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("clients", isDirectory: true)

    static func script(_ name: String) -> URL {
        scriptsDirectory.appendingPathComponent(name)
    }

    /// The first executable called `name` on PATH.
    static func executable(_ name: String) throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw Missing(name: name)
    }

    /// Environment for client runs: Python writes no bytecode into the tree
    /// and flushes its output as it goes.
    static let environment = ["PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"]
}
