import Foundation
import KeyManagement

extension SegmentKeyFile {
    /// Every segment `.key` file under `DATA/logs`, in directory and offset
    /// order; directories and files with other names are ignored.
    public static func locations(dataDirectory: String) throws(LogError) -> [SegmentKeyLocation] {
        let logs = LogLayout.logsDirectory(dataDirectory: dataDirectory)
        var found: [SegmentKeyLocation] = []
        for directory in try LogDirectoryFiles.names(in: logs) {
            guard let (topic, partition) = LogLayout.parsePartitionDirectoryName(directory) else { continue }
            let path = logs + "/" + directory
            for name in try LogDirectoryFiles.names(in: path) {
                guard let (baseOffset, kind) = LogLayout.parseFileName(name), kind == .key else { continue }
                found.append(SegmentKeyLocation(
                    path: path + "/" + name,
                    segment: SegmentIdentity(topic: topic, partition: partition, baseOffset: baseOffset)
                ))
            }
        }
        return found
    }

    /// Re-wraps the data key in the `.key` file at `location` under the
    /// newest version of its KEK and replaces the file atomically; the
    /// segment's `.log` is not touched and reads the same afterwards. The
    /// data key never leaves the key service.
    public static func rewrap(at location: SegmentKeyLocation, using keyService: any KeyService) async throws(LogError) -> SegmentKeyRewrap {
        let keyFile = try read(from: location.path)
        let context = location.segment.encryptionContext
        guard keyFile.encryptionContext == context else {
            throw .invalidSegmentKey(path: location.path, reason: "the .key file belongs to another segment")
        }
        let rewrapped: WrappedKey
        do {
            rewrapped = try await keyService.rewrap(keyFile.wrappedKey, context: context)
        } catch {
            throw .keyService(error)
        }
        try SegmentKeyFile(wrappedKey: rewrapped, encryptionContext: context).write(to: location.path)
        return SegmentKeyRewrap(
            location: location, keyId: rewrapped.keyId,
            previousVersion: keyFile.wrappedKey.keyVersion, newVersion: rewrapped.keyVersion
        )
    }
}
