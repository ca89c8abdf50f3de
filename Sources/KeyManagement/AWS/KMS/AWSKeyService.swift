import Crypto
import Foundation
import Observability
import SecretHandling

/// `KeyService` over AWS KMS, or any service speaking its JSON API (moto,
/// LocalStack): the same code for both, only the endpoint differs.
///
/// - Key ids: anything KMS accepts (key id, key ARN, `alias/NAME`, alias
///   ARN). Descriptions and wrapped keys carry the key ARN.
/// - Versions: AWS rotates key material behind the same key and picks the
///   right backing key on decrypt by itself, so `currentVersion` and
///   `WrappedKey.keyVersion` are nil, and `rotateKey` is `RotateKeyOnDemand`.
/// - Disabling: enforced by KMS, which then refuses Decrypt with
///   `DisabledException` (moto 5.2 records the state but keeps decrypting).
/// - IAM actions used: kms:GenerateDataKey, Decrypt, ReEncryptFrom,
///   ReEncryptTo, DescribeKey, ListKeys, ListAliases, CreateKey, CreateAlias,
///   ScheduleKeyDeletion, RotateKeyOnDemand, EnableKey, DisableKey.
///
/// Owns an HTTP client: call `shutdown()` when done.
///
/// Each HTTP request to KMS counts in `metrics` (`portcullis_kms_requests_total`):
/// one operation may make several (`describeKey` is DescribeKey and ListAliases).
public final class AWSKeyService: KeyService {
    public let configuration: AWSKeyServiceConfiguration
    private let client: AWSKMSClient
    private let requests: KMSRequestCounter

    public init(configuration: AWSKeyServiceConfiguration, metrics: PortcullisMetrics = .off) {
        self.configuration = configuration
        self.client = AWSKMSClient(configuration: configuration)
        self.requests = KMSRequestCounter(metrics: metrics)
    }

    /// Closes connections. Calls after this fail with `.unavailable`.
    public func shutdown() async throws {
        try await client.httpClient.shutdown()
    }

    public func generateDataKey(keyId: String, context: EncryptionContext) async throws(KeyServiceError) -> DataKey {
        var response = try await call(
            .generateDataKey,
            AWSKMSMessages.GenerateDataKeyRequest(keyId: keyId, encryptionContext: context),
            returning: AWSKMSMessages.GenerateDataKeyResponse.self,
            about: keyId
        )
        defer { SecretBytes.zero(&response.plaintext) }
        return DataKey(
            plaintext: try Self.dataKey(response.plaintext, operation: .generateDataKey),
            wrapped: WrappedKey(keyId: response.keyId, keyVersion: nil, ciphertext: Array(response.ciphertextBlob))
        )
    }

    public func decrypt(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> SymmetricKey {
        var response = try await call(
            .decrypt,
            AWSKMSMessages.DecryptRequest(keyId: wrapped.keyId, ciphertextBlob: Data(wrapped.ciphertext), encryptionContext: context),
            returning: AWSKMSMessages.DecryptResponse.self,
            about: wrapped.keyId
        )
        defer { SecretBytes.zero(&response.plaintext) }
        return try Self.dataKey(response.plaintext, operation: .decrypt)
    }

    /// `ReEncrypt` to the same key: KMS wraps under its current key material
    /// and the data key never leaves KMS.
    public func rewrap(_ wrapped: WrappedKey, context: EncryptionContext) async throws(KeyServiceError) -> WrappedKey {
        let response = try await call(
            .reEncrypt,
            AWSKMSMessages.ReEncryptRequest(
                ciphertextBlob: Data(wrapped.ciphertext),
                sourceKeyId: wrapped.keyId,
                sourceEncryptionContext: context,
                destinationKeyId: wrapped.keyId,
                destinationEncryptionContext: context
            ),
            returning: AWSKMSMessages.ReEncryptResponse.self,
            about: wrapped.keyId
        )
        return WrappedKey(keyId: response.keyId, keyVersion: nil, ciphertext: Array(response.ciphertextBlob))
    }

    public func describeKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        let metadata = try await keyMetadata(keyId)
        let aliases = try await aliasesByKeyId(filter: metadata.keyId)
        return Self.description(metadata, alias: aliases[metadata.keyId])
    }

    /// Every key in the account and region, AWS-managed ones included.
    public func listKeys() async throws(KeyServiceError) -> [KeyDescription] {
        var keyIds: [String] = []
        var marker: String?
        repeat {
            let page = try await call(
                .listKeys, AWSKMSMessages.ListRequest(marker: marker),
                returning: AWSKMSMessages.ListKeysResponse.self, about: "keys"
            )
            keyIds += page.keys.map(\.keyId)
            marker = page.truncated == true ? page.nextMarker : nil
        } while marker != nil

        let aliases = try await aliasesByKeyId(filter: nil)
        var descriptions: [KeyDescription] = []
        for keyId in keyIds {
            descriptions.append(Self.description(try await keyMetadata(keyId), alias: aliases[keyId]))
        }
        return descriptions
    }

    /// A symmetric encryption key; `alias` is given the `alias/` prefix if it
    /// lacks one. If the alias cannot be made, the new key is scheduled for
    /// deletion (after 7 days, the shortest AWS allows) so that no unnamed key is left behind.
    public func createKey(alias: String?, description: String) async throws(KeyServiceError) -> KeyDescription {
        let aliasName = alias.map { $0.hasPrefix("alias/") ? $0 : "alias/\($0)" }
        if let aliasName {
            do throws(KeyServiceError) {
                _ = try await keyMetadata(aliasName)
                throw KeyServiceError.aliasInUse(aliasName)
            } catch .keyNotFound {
                // The alias is free, as usual: checked first so that no key is made in vain.
            }
        }
        let metadata = try await call(
            .createKey, AWSKMSMessages.CreateKeyRequest(description: description),
            returning: AWSKMSMessages.KeyMetadataResponse.self, about: aliasName ?? "new key"
        ).keyMetadata
        guard let aliasName else { return Self.description(metadata, alias: nil) }
        do throws(KeyServiceError) {
            try await call(.createAlias, AWSKMSMessages.CreateAliasRequest(aliasName: aliasName, targetKeyId: metadata.keyId), about: aliasName)
        } catch {
            try? await call(.scheduleKeyDeletion, AWSKMSMessages.ScheduleKeyDeletionRequest(keyId: metadata.keyId, pendingWindowInDays: 7), about: metadata.arn)
            throw error
        }
        return Self.description(metadata, alias: aliasName)
    }

    /// `RotateKeyOnDemand`: new key material encrypts from now on; KMS keeps
    /// the old material to decrypt what it wrapped.
    public func rotateKey(_ keyId: String) async throws(KeyServiceError) -> KeyDescription {
        let metadata = try await keyMetadata(keyId)
        try await call(.rotateKeyOnDemand, AWSKMSMessages.KeyIdRequest(keyId: metadata.keyId), about: keyId)
        return try await describeKey(metadata.arn)
    }

    public func setKeyEnabled(_ keyId: String, enabled: Bool) async throws(KeyServiceError) {
        // EnableKey and DisableKey take a key id or ARN, not an alias.
        let metadata = try await keyMetadata(keyId)
        try await call(enabled ? .enableKey : .disableKey, AWSKMSMessages.KeyIdRequest(keyId: metadata.keyId), about: keyId)
    }

    private func keyMetadata(_ keyId: String) async throws(KeyServiceError) -> AWSKMSMessages.KeyMetadata {
        try await call(
            .describeKey, AWSKMSMessages.KeyIdRequest(keyId: keyId),
            returning: AWSKMSMessages.KeyMetadataResponse.self, about: keyId
        ).keyMetadata
    }

    /// Customer aliases by target key id (the first by name where a key has
    /// several); AWS's own `alias/aws/…` are left out.
    private func aliasesByKeyId(filter keyId: String?) async throws(KeyServiceError) -> [String: String] {
        var aliases: [String: String] = [:]
        var marker: String?
        repeat {
            let page = try await call(
                .listAliases, AWSKMSMessages.ListRequest(keyId: keyId, marker: marker),
                returning: AWSKMSMessages.ListAliasesResponse.self, about: keyId ?? "aliases"
            )
            for entry in page.aliases where !entry.aliasName.hasPrefix("alias/aws/") {
                guard let target = entry.targetKeyId else { continue }
                aliases[target] = min(aliases[target] ?? entry.aliasName, entry.aliasName)
            }
            marker = page.truncated == true ? page.nextMarker : nil
        } while marker != nil
        return aliases
    }

    private func call<Response: Decodable>(
        _ operation: AWSKMSOperation,
        _ request: some Encodable,
        returning: Response.Type,
        about subject: String
    ) async throws(KeyServiceError) -> Response {
        do throws(AWSKMSFailure) {
            let response = try await client.call(operation, request, returning: returning)
            requests.count(operation, .success)
            return response
        } catch {
            requests.count(operation, error.requestResult)
            throw error.keyServiceError(subject: subject)
        }
    }

    private func call(_ operation: AWSKMSOperation, _ request: some Encodable, about subject: String) async throws(KeyServiceError) {
        do throws(AWSKMSFailure) {
            try await client.call(operation, request)
            requests.count(operation, .success)
        } catch {
            requests.count(operation, error.requestResult)
            throw error.keyServiceError(subject: subject)
        }
    }

    private static func dataKey(_ plaintext: Data, operation: AWSKMSOperation) throws(KeyServiceError) -> SymmetricKey {
        guard plaintext.count == SymmetricKeySize.bits256.bitCount / 8 else {
            throw .serviceFailure("AWS KMS \(operation.rawValue) returned a data key of \(plaintext.count) bytes, not 32")
        }
        return SymmetricKey(data: plaintext)
    }

    private static func description(_ metadata: AWSKMSMessages.KeyMetadata, alias: String?) -> KeyDescription {
        KeyDescription(
            keyId: metadata.arn,
            alias: alias,
            description: metadata.description ?? "",
            enabled: metadata.enabled,
            currentVersion: nil,
            createdAt: metadata.creationDate
        )
    }
}
