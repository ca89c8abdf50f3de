import Foundation

/// The files `-f` names: a file as it is, or a directory's `*.yaml` and `*.yml` files (not its
/// subdirectories), sorted by name so that every run reads them in the same order. A directory
/// may hold no YAML when it has an `iam/` directory of policy documents (``IamPolicyFiles``).
enum PolicyFilePaths {
    static func files(at path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw PolicyFileFailure("\(path): no such file or directory")
        }
        guard isDirectory.boolValue else { return [path] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw PolicyFileFailure("cannot list \(path): \(error.localizedDescription)")
        }
        let directory = path.hasSuffix("/") ? path : path + "/"
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { directory + $0 }.filter { file in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) && !isDirectory.boolValue
        }
        guard !files.isEmpty || IamPolicyFiles.directory(of: path) != nil else {
            throw PolicyFileFailure("\(path) holds no *.yaml or *.yml file and no iam/ directory")
        }
        return files
    }
}
