import NIOCore

/// A rolled segment's last writes, done on the thread pool: its index files
/// written whole, then the log and both indexes synced. Only after this may
/// a successor segment exist, since recovery trusts every segment but the last.
struct SegmentFinish: Sendable {
    let log: LogFile
    let indexPath: String
    let timeIndexPath: String
    let indexes: (offsets: ByteBuffer, times: ByteBuffer)

    func run() throws(LogError) {
        try log.synchronize()
        try Self.replace(indexPath, with: indexes.offsets)
        try Self.replace(timeIndexPath, with: indexes.times)
    }

    /// Writes `bytes` as the whole content of `path` and syncs it.
    static func replace(_ path: String, with bytes: ByteBuffer) throws(LogError) {
        let file = try LogFile.open(path, create: true, truncate: true)
        try file.write(bytes, at: 0)
        try file.synchronize()
    }
}
