import ArgumentParser
import Audit
#if canImport(Glibc)
import Glibc
#endif

/// How records are printed: a table for people, or the log's own lines for programs.
struct AuditOutput: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Option(help: "text (a table) or json (the log's lines, exactly as written: JSON Lines).")
    var output: Format = .text

    func showHeader() {
        if output == .text { print(AuditRecord.textHeader) }
    }

    /// Prints `entries` and flushes, so that a pipe sees them at once when following.
    func show(_ entries: [AuditEntry]) {
        for entry in entries { show(entry) }
        fflush(nil)
    }

    func show(_ entry: AuditEntry) {
        switch output {
        case .text: print(entry.record.text)
        case .json: print(String(decoding: entry.line.bytes, as: UTF8.self))
        }
    }
}
