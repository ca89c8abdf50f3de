import NIOCore

/// Reads a log file front to back in large chunks, so a recovery scan or a
/// fetch makes one system call per megabyte rather than two per entry, and
/// works on each entry while its bytes are still in the cache.
struct SequentialLogReader {
    static let chunkLength = 1 << 20

    let file: LogFile
    /// Where reading stops: the file's size, or the end of what a read serves.
    let fileSize: Int
    private var window = ByteBuffer()
    private var windowStart = 0

    init(file: LogFile, fileSize: Int) {
        self.file = file
        self.fileSize = fileSize
    }

    /// `count` bytes at `position`, or fewer where the file (or `fileSize`) ends.
    mutating func bytes(at position: Int, count: Int) throws(LogError) -> ByteBuffer {
        let available = min(count, max(0, fileSize - position))
        guard available > 0 else { return ByteBuffer() }
        if position < windowStart || position + available > windowStart + window.readableBytes {
            windowStart = position
            window = try file.read(at: position, count: min(max(available, Self.chunkLength), fileSize - position))
        }
        // Shorter than asked only when the file is shorter than `fileSize` says.
        let offset = position - windowStart
        return window.getSlice(at: window.readerIndex + offset, length: min(available, window.readableBytes - offset))!
    }

    /// The position of the next sync marker after `position`, or nil.
    mutating func nextSyncMarker(after position: Int) throws(LogError) -> Int? {
        var candidate = position + 1
        while candidate + 4 <= fileSize {
            let chunk = try bytes(at: candidate, count: Self.chunkLength)
            let found = chunk.withUnsafeReadableBytes { bytes -> Int? in
                guard bytes.count >= 4 else { return nil }
                for index in 0...(bytes.count - 4)
                where bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self).bigEndian == LogEntryHeader.syncMarker {
                    return index
                }
                return nil
            }
            if let found { return candidate + found }
            // Step back three bytes so a marker split across chunks is not missed.
            candidate += max(1, chunk.readableBytes - 3)
        }
        return nil
    }
}
