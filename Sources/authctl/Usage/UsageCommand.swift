import ArgumentParser
import Audit
import Foundation
import Usage

/// `authctl usage`: metered traffic and storage from the gateway's usage journal, and what it would cost.
struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Report metered usage per principal and topic, or estimate its bill.",
        discussion: """
            Reads DATA_DIR/usage: bytes in and out and messages in per principal and topic, and per \
            topic the partition-hours and storage byte-hours (storage rows have no principal). A \
            minute counts when it starts in [--since, --until). With --price-file, prints an \
            estimated bill in MSK Serverless's structure instead (docs/usage.md).
            """
    )

    @Option(name: .customLong("data-dir"), help: "The gateway's data directory (the journal is DIR/usage).")
    var dataDirectory: String

    @Option(help: "Only this principal's traffic (User:NAME or NAME); leaves storage out.")
    var principal: String?

    @Option(help: "Only this topic.")
    var topic: String?

    @Option(help: "From this time: RFC 3339 (2026-12-01, 2026-12-01T12:00:00Z), now, or a span ago (90m, 24h, 7d; also now-24h).")
    var since: String

    @Option(help: "Until this time (excluded), written as for --since.")
    var until = "now"

    @Option(help: "table, json (an array of rows) or csv (with a header line).")
    var output: UsageOutputFormat = .table

    @Option(name: .customLong("price-file"), help: "Prices as JSON (docs/usage-prices.example.json): print an estimated bill instead of rows.")
    var priceFile: String?

    func validate() throws {
        let query = try query()
        guard query.since < query.until else { throw ValidationError("--since must be before --until") }
    }

    func run() throws {
        let query = try query()
        let rows: [UsageRow]
        do {
            rows = try UsageReport(directory: UsageDirectory(dataDirectory: dataDirectory)).rows(for: query)
        } catch {
            throw CommandFailure("cannot read the usage journal: \(error)")
        }
        guard let priceFile else {
            return print(try output.render(rows))
        }
        let prices: UsagePrices
        do {
            prices = try UsagePrices(json: try Data(contentsOf: URL(fileURLWithPath: priceFile)))
        } catch {
            throw CommandFailure("cannot read prices from \(priceFile): \(error)")
        }
        print(try output.render(UsageBill(rows: rows, clusterHours: query.hours, prices: prices)))
    }

    private func query() throws -> UsageQuery {
        let now = AuditTime.now()
        return UsageQuery(
            since: try UsageTimeParsing.date(since, option: "--since", now: now),
            until: try UsageTimeParsing.date(until, option: "--until", now: now),
            principal: principal, topic: topic
        )
    }
}
