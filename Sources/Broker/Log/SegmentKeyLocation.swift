/// One segment's `.key` file, found under a data directory.
public struct SegmentKeyLocation: Hashable, Sendable {
    public var path: String
    public var segment: SegmentIdentity

    public init(path: String, segment: SegmentIdentity) {
        self.path = path
        self.segment = segment
    }
}
