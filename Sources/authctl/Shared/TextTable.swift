/// Plain-text columns for listings: each column as wide as its widest cell, two spaces apart.
enum TextTable {
    /// One line per row under the header; the last column is not padded, so no line ends in spaces.
    static func render(header: [String], rows: [[String]]) -> String {
        let lines = [header] + rows
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { cells in
            cells.indices.map { column in
                column == cells.count - 1 ? cells[column] : cells[column] + String(repeating: " ", count: widths[column] - cells[column].count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
