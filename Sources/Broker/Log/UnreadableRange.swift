/// Part of a segment the log never serves: an entry whose batch failed to
/// open, a garbled stretch recovery stepped over, an entry at an offset
/// already used, or offsets missing between two entries. Reading one of its
/// offsets throws `LogError.corruptBatch`.
struct UnreadableRange: Hashable, Sendable {
    /// The bytes of the `.log` it covers; empty for missing offsets.
    var positions: Range<Int>
    /// The offsets it covers; empty for an entry at an offset already used.
    var offsets: Range<Int64>
    var reason: String
}
