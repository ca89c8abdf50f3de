import Properties

/// Where the service log is kept besides standard error: JSON lines in rotated
/// files `DIRECTORY/service-NNNNNN.jsonl` (``RotatingLogFile``). No files when
/// `directory` is nil.
public struct ServiceLogSettings: Sendable, Equatable {
    public var directory: String?
    /// A new file is started before one would pass this size.
    public var maximumFileBytes: Int = 16 << 20
    /// Files kept, the current one included; the oldest is deleted.
    public var maximumFiles: Int = 10

    public init(directory: String? = nil) {
        self.directory = directory
    }

    /// The most disk the files take, and so the most a log delivery that falls behind can catch up on.
    public var retainedBytes: Int { maximumFileBytes * maximumFiles }

    /// Applies `property` when it is a `service.log.` setting; false for any other name.
    ///
    /// - `service.log.dir`: the files' directory (none: standard error only)
    /// - `service.log.file.max.bytes` (16777216)
    /// - `service.log.file.max.count` (10)
    public mutating func apply(_ property: Property) throws(ConfigurationError) -> Bool {
        switch property.name {
        case "service.log.dir":
            guard !property.value.isEmpty else { throw property.error("service.log.dir is empty") }
            directory = property.value
        case "service.log.file.max.bytes":
            let value: Int = try property.number()
            guard value >= 4096 else { throw property.error("service.log.file.max.bytes must be at least 4096") }
            maximumFileBytes = value
        case "service.log.file.max.count":
            let value: Int = try property.number()
            guard value >= 2 else { throw property.error("service.log.file.max.count must be at least 2") }
            maximumFiles = value
        default:
            return false
        }
        return true
    }

    /// Opens the files, when there is a directory.
    public func open() throws(ServiceLogFileError) -> RotatingLogFile? {
        guard let directory else { return nil }
        return try RotatingLogFile(directory: directory, maximumBytes: maximumFileBytes, maximumFiles: maximumFiles)
    }
}
