/// What re-wrapping one `.key` file did.
public struct SegmentKeyRewrap: Hashable, Sendable {
    public var location: SegmentKeyLocation
    public var keyId: String
    public var previousVersion: Int?
    public var newVersion: Int?

    public init(location: SegmentKeyLocation, keyId: String, previousVersion: Int?, newVersion: Int?) {
        self.location = location
        self.keyId = keyId
        self.previousVersion = previousVersion
        self.newVersion = newVersion
    }
}
