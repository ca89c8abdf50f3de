import KeyManagement

/// The real local KMS under `dataDirectory` (a development root key in
/// DIR/keys, as `portcullis dev` makes it), with the broker's default KEK.
func makeLocalKeyService(dataDirectory: String) async throws -> LocalKeyService {
    let root = try RootKey.load(environment: [:], file: nil, dataDirectory: dataDirectory, allowDevelopmentKey: true)
    let service = try LocalKeyService(dataDirectory: dataDirectory, rootKey: root.rootKey)
    if (try? await service.describeKey("alias/portcullis-segments")) == nil {
        _ = try await service.createKey(alias: "portcullis-segments", description: "test")
    }
    return service
}
