/// Reads the journal's lines for a range of minutes, from only the files that can hold them.
public struct UsageJournalReader: Sendable {
    public let directory: UsageDirectory

    public init(directory: UsageDirectory) {
        self.directory = directory
    }

    /// The complete lines whose minute is in `range`, in sequence order. Torn
    /// last lines are left out; a damaged line or sequence is an error.
    public func lines(in range: Range<UsageMinute>) throws(UsageJournalError) -> [UsageLine] {
        var result: [UsageLine] = []
        var previous: Int64?
        for file in try directory.files() where file.mayHold(range) {
            let contents = try UsageFileContents(file)
            for (index, line) in contents.lines.enumerated() {
                if let previous, line.seq <= previous {
                    throw .sequenceOutOfOrder(path: file.path, line: index + 1, seq: line.seq, previous: previous)
                }
                previous = line.seq
                if range.contains(line.entry.minute) { result.append(line) }
            }
        }
        return result
    }
}
