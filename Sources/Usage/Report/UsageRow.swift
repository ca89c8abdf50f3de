/// One line of the usage report. Traffic rows carry a principal and no
/// storage; a topic's storage has a row of its own with no principal
/// (`principal` nil, JSON null), because storage belongs to the topic, not
/// to whoever wrote it.
public struct UsageRow: Hashable, Sendable {
    public var principal: String?
    public var topic: String
    public var bytesIn: Int64 = 0
    public var bytesOut: Int64 = 0
    public var messagesIn: Int64 = 0
    public var partitionHours: Double = 0
    public var storageByteHours: Double = 0

    public init(principal: String?, topic: String) {
        self.principal = principal
        self.topic = topic
    }
}

extension UsageRow: Encodable {
    private enum CodingKeys: String, CodingKey {
        case principal, topic
        case bytesIn = "bytes_in"
        case bytesOut = "bytes_out"
        case messagesIn = "messages_in"
        case partitionHours = "partition_hours"
        case storageByteHours = "storage_byte_hours"
    }

    /// Every key on every row, `principal` as null on storage rows.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(principal, forKey: .principal)
        try container.encode(topic, forKey: .topic)
        try container.encode(bytesIn, forKey: .bytesIn)
        try container.encode(bytesOut, forKey: .bytesOut)
        try container.encode(messagesIn, forKey: .messagesIn)
        try container.encode(partitionHours, forKey: .partitionHours)
        try container.encode(storageByteHours, forKey: .storageByteHours)
    }
}
