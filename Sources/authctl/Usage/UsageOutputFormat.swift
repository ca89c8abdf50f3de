import ArgumentParser
import Foundation
import Usage

/// `--output table|json|csv` for usage rows and bills.
enum UsageOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table
    case json
    case csv

    func render(_ rows: [UsageRow]) throws -> String {
        let header = ["principal", "topic", "bytes_in", "bytes_out", "messages_in", "partition_hours", "storage_byte_hours"]
        switch self {
        case .json:
            return try JSONOutput.render(rows)
        case .csv:
            return CSV.render(header: header, rows: rows.map { row in
                [row.principal ?? "", row.topic, "\(row.bytesIn)", "\(row.bytesOut)", "\(row.messagesIn)", "\(row.partitionHours)", "\(row.storageByteHours)"]
            })
        case .table:
            return TextTable.render(header: header.map { $0.uppercased() }, rows: rows.map { row in
                // "-": storage is the topic's, no principal's.
                [row.principal ?? "-", row.topic, "\(row.bytesIn)", "\(row.bytesOut)", "\(row.messagesIn)",
                 String(format: "%.4f", row.partitionHours), String(format: "%.1f", row.storageByteHours)]
            })
        }
    }

    func render(_ bill: UsageBill) throws -> String {
        switch self {
        case .json:
            return try JSONOutput.render(bill)
        case .csv:
            let items = bill.lineItems.map { [$0.item, "\($0.quantity)", $0.unit, "\($0.unitPrice)", "\($0.amount)"] }
            return CSV.render(header: ["item", "quantity", "unit", "unit_price", "amount"], rows: items + [["total", "", "", "", "\(bill.total)"]])
        case .table:
            let items = bill.lineItems.map { item in
                [item.item, String(format: "%.6f", item.quantity), item.unit, "\(item.unitPrice)", String(format: "%.4f", item.amount)]
            }
            let total = ["total", "", "", "", String(format: "%.4f", bill.total) + " " + bill.currency]
            return TextTable.render(header: ["ITEM", "QUANTITY", "UNIT", "UNIT_PRICE", "AMOUNT"], rows: items + [total])
        }
    }
}
