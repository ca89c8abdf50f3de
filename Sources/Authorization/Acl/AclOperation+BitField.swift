extension Set<AclOperation> {
    /// The operations as Kafka's int32 bit field (bit n set for the operation
    /// with code n, `Utils.to32BitField`), the form of the authorized-operations
    /// fields in Metadata, DescribeGroups and DescribeCluster responses.
    public var kafkaBitField: Int32 {
        reduce(0) { $0 | Int32(1) << Int32($1.rawValue) }
    }
}
