import ArgumentParser
import Audit

/// Where the log is: the gateway's data directory.
struct AuditLogOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The gateway's data directory (the log is DIR/audit).")
    var dataDirectory: String

    var directory: AuditDirectory { AuditDirectory(dataDirectory: dataDirectory) }
}
