import Foundation
import SecretHandling

/// Group snapshots under `DATA/meta/groups/`, one durable file per group
/// (named by the hex of the group id, so any id is a safe file name).
struct GroupStore: Sendable {
    let directory: URL

    init(directory: URL) throws {
        try SecureFile.makeDirectories(directory.path)
        self.directory = directory
    }

    func save(_ snapshot: GroupSnapshot) throws {
        try DurableFile.replace(file(for: snapshot.groupId), with: try JSONEncoder().encode(snapshot))
    }

    func delete(groupId: String) throws {
        try FileManager.default.removeItem(at: file(for: groupId))
        try DurableFile.syncDirectory(directory)
    }

    /// Every saved group; a file that does not parse is skipped, not fatal.
    func loadGroups() -> [GroupSnapshot] {
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.compactMap { file in
            (try? Data(contentsOf: file)).flatMap { try? JSONDecoder().decode(GroupSnapshot.self, from: $0) }
        }
    }

    private func file(for groupId: String) -> URL {
        directory.appendingPathComponent(groupId.utf8.map { String(format: "%02x", $0) }.joined() + ".json")
    }
}
