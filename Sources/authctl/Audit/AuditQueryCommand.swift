import ArgumentParser
import Audit

struct AuditQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Show the records that match, oldest first.")
    @OptionGroup var log: AuditLogOptions
    @OptionGroup var filter: AuditRecordFilter
    @OptionGroup var format: AuditOutput

    func run() async throws {
        let query = try filter.query()
        format.showHeader()
        try AuditLogReader(directory: log.directory).forEach(matching: query) { format.show($0) }
    }
}
