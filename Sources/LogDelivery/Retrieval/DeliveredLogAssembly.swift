/// A log's files put back together from delivered batches, S3 objects named
/// `PREFIX/INSTANCE/FILE/START-END.jsonl`: each file's bytes laid out by the
/// offsets in the names. A batch delivered twice (sent again after a crash)
/// lies over its first copy and must hold the same bytes there; bytes that no
/// object covers are a gap.
public struct DeliveredLogAssembly: Sendable {
    /// Each instance (gateway) under the prefix has a log of its own.
    public var instances: [String: Instance] = [:]
    /// Objects whose names are not `…/INSTANCE/FILE/START-END.jsonl`.
    public var ignoredKeys: [String] = []

    public struct Instance: Sendable {
        /// File name (`decisions-000001.jsonl`) → its bytes, as far as they are contiguous from 0.
        public var files: [String: [UInt8]] = [:]
        /// What does not fit: gaps, objects of the wrong size, overlaps that disagree. Empty when whole.
        public var problems: [String] = []
        /// Objects read, and how many bytes of them were copies of bytes already laid out.
        public var objects = 0
        public var duplicateBytes = 0
    }

    public init(objects: [(key: String, bytes: [UInt8])], filePrefix: String = "decisions-") {
        var pieces: [String: [String: [(start: Int, end: Int, key: String, bytes: [UInt8])]]] = [:]
        for object in objects {
            let parts = object.key.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3, parts[parts.count - 2].hasPrefix(filePrefix), parts[parts.count - 2].hasSuffix(".jsonl"),
                  let range = Self.range(parts[parts.count - 1])
            else {
                ignoredKeys.append(object.key)
                continue
            }
            pieces[parts[parts.count - 3], default: [:]][parts[parts.count - 2], default: []]
                .append((range.start, range.end, object.key, object.bytes))
        }
        for (instance, files) in pieces {
            var assembled = Instance()
            for (file, filePieces) in files {
                var bytes: [UInt8] = []
                var gapReported = false
                for piece in filePieces.sorted(by: { ($0.start, $0.end) < ($1.start, $1.end) }) {
                    assembled.objects += 1
                    guard piece.bytes.count == piece.end - piece.start else {
                        assembled.problems.append("\(piece.key): holds \(piece.bytes.count) bytes, its name says \(piece.end - piece.start)")
                        continue
                    }
                    if piece.start > bytes.count {
                        if !gapReported {
                            assembled.problems.append(
                                "\(file): bytes \(bytes.count)-\(piece.start) are in no object (a gap before \(piece.key))"
                            )
                        }
                        gapReported = true
                        continue
                    }
                    let overlap = min(bytes.count, piece.end) - piece.start
                    if overlap > 0 {
                        assembled.duplicateBytes += overlap
                        if Array(bytes[piece.start..<piece.start + overlap]) != Array(piece.bytes.prefix(overlap)) {
                            assembled.problems.append(
                                "\(piece.key): differs from the bytes \(piece.start)-\(piece.start + overlap) of \(file) another object holds"
                            )
                            continue
                        }
                    }
                    if piece.end > bytes.count { bytes += piece.bytes[max(0, overlap)...] }
                }
                assembled.files[file] = bytes
            }
            instances[instance] = assembled
        }
    }

    /// `START-END.jsonl` → its offsets.
    static func range(_ name: String) -> (start: Int, end: Int)? {
        guard name.hasSuffix(".jsonl") else { return nil }
        let numbers = name.dropLast(".jsonl".count).split(separator: "-")
        guard numbers.count == 2, let start = Int(numbers[0]), let end = Int(numbers[1]), start >= 0, end >= start else { return nil }
        return (start, end)
    }
}
