extension KafkaApiKey {
    /// The request header version a request of this API and version carries:
    /// 2 (with tagged fields) for flexible versions, else 1, and 0 only for
    /// ControlledShutdown v0, which predates the client id.
    public func requestHeaderVersion(for version: Int16) -> Int16 {
        if let flexible = firstFlexibleVersion, version >= flexible { return 2 }
        if self == .controlledShutdown && version == 0 { return 0 }
        return 1
    }

    /// The response header version: 1 (with tagged fields) for flexible
    /// versions, else 0. ApiVersions responses always use 0, so that a client
    /// can read the error of a version the broker does not support.
    public func responseHeaderVersion(for version: Int16) -> Int16 {
        if self == .apiVersions { return 0 }
        if let flexible = firstFlexibleVersion, version >= flexible { return 1 }
        return 0
    }
}
