import Crypto

extension LocalKeyService {
    public func generateDataKey(keyId: String, context: EncryptionContext) async throws(KeyServiceError) -> DataKey {
        try requests.counting(.generateDataKey) { () throws(KeyServiceError) in
            let key = try enabledKey(keyId, in: currentKeyring())
            let plaintext = SymmetricKey(size: .bits256)
            return DataKey(plaintext: plaintext, wrapped: try wrap(plaintext, under: key, context: context))
        }
    }

    public func decrypt(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> SymmetricKey {
        try requests.counting(.decrypt) { () throws(KeyServiceError) in try unwrap(wrapped, context: context).plaintext }
    }

    public func rewrap(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> WrappedKey {
        try requests.counting(.reEncrypt) { () throws(KeyServiceError) in
            let (plaintext, key) = try unwrap(wrapped, context: context)
            return try wrap(plaintext, under: key, context: context)
        }
    }

    public func describeKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        try requests.counting(.describeKey) { () throws(KeyServiceError) in
            guard let key = try currentKeyring().key(named: keyId) else { throw .keyNotFound(keyId) }
            return key.summary
        }
    }

    public func listKeys() async throws(KeyServiceError) -> [KeyDescription] {
        try requests.counting(.listKeys) { () throws(KeyServiceError) in try currentKeyring().keys.map(\.summary) }
    }

    public func createKey(alias: String?, description: String) async throws(KeyServiceError) -> KeyDescription {
        try requests.counting(.createKey) { () throws(KeyServiceError) in
            let normalizedAlias = try alias.map { name throws(KeyServiceError) in
                guard let normalized = KeyAlias.normalized(name) else {
                    throw .serviceFailure("invalid alias \"\(name)\": use alias/NAME with letters, digits, '/', '_' or '-' (at most 250)")
                }
                return normalized
            }
            return try updateKeyring { keyring throws(KeyServiceError) in
                if let normalizedAlias, keyring.index(of: normalizedAlias) != nil {
                    throw .aliasInUse(normalizedAlias)
                }
                let now = Self.now()
                let key = KeyEncryptionKey(
                    id: KeyEncryptionKey.idPrefix + RandomIdentifier.hex(byteCount: 16),
                    alias: normalizedAlias,
                    description: description,
                    enabled: true,
                    createdAt: now,
                    versions: [.random(number: 1, createdAt: now)]
                )
                keyring.keys.append(key)
                return key.summary
            }
        }
    }

    public func rotateKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        try requests.counting(.rotateKeyOnDemand) { () throws(KeyServiceError) in
            try updateKeyring { keyring throws(KeyServiceError) in
                guard let index = keyring.index(of: keyId) else { throw .keyNotFound(keyId) }
                guard keyring.keys[index].enabled else { throw .keyDisabled(keyring.keys[index].id) }
                keyring.keys[index].versions.append(.random(number: keyring.keys[index].versions.count + 1, createdAt: Self.now()))
                return keyring.keys[index].summary
            }
        }
    }

    public func setKeyEnabled(_ keyId: String, enabled: Bool) async throws(KeyServiceError) {
        try requests.counting(enabled ? .enableKey : .disableKey) { () throws(KeyServiceError) in
            try updateKeyring { keyring throws(KeyServiceError) in
                guard let index = keyring.index(of: keyId) else { throw .keyNotFound(keyId) }
                keyring.keys[index].enabled = enabled
            }
        }
    }

    private func wrap(_ plaintext: SymmetricKey, under key: KeyEncryptionKey, context: EncryptionContext) throws(KeyServiceError) -> WrappedKey {
        let newest = key.newest
        let ciphertext = try LocalWrappedKey.wrap(plaintext, kekId: key.id, version: newest, context: context)
        return WrappedKey(keyId: key.id, keyVersion: newest.number, ciphertext: ciphertext)
    }

    /// Unwraps under the version named in the blob, which must agree with the
    /// version recorded beside it.
    private func unwrap(_ wrapped: WrappedKey, context: EncryptionContext) throws(KeyServiceError) -> (plaintext: SymmetricKey, key: KeyEncryptionKey) {
        let key = try enabledKey(wrapped.keyId, in: currentKeyring())
        guard let blob = LocalWrappedKey(wrapped.ciphertext),
            wrapped.keyVersion == nil || wrapped.keyVersion == blob.version,
            let version = key.version(blob.version)
        else { throw .invalidCiphertext }
        return (try blob.unwrap(kekId: key.id, version: version, context: context), key)
    }
}
