import ArgumentParser
import Audit

struct AuditTail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail", abstract: "Show the last records, and with -f the ones written after them."
    )
    @OptionGroup var log: AuditLogOptions
    @OptionGroup var filter: AuditRecordFilter
    @OptionGroup var format: AuditOutput

    @Option(name: [.customShort("n"), .customLong("lines")], help: "How many records.")
    var count = 10

    @Flag(name: [.short, .long], help: "Keep printing records as they are written, across file rotations, until interrupted.")
    var follow = false

    func validate() throws {
        guard count >= 0 else { throw ValidationError("-n must be 0 or more") }
    }

    func run() async throws {
        let query = try filter.query()
        let (entries, end) = try AuditLogReader(directory: log.directory).last(count, matching: query)
        format.showHeader()
        format.show(entries)
        guard follow else { return }
        let follower = AuditFollower(directory: log.directory, from: end, matching: query)
        while true {
            format.show(try follower.poll())
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
