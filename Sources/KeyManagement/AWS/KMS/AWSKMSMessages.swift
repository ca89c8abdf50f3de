import Foundation

/// Request and response bodies of the AWS KMS JSON 1.1 protocol. Swift names
/// are the wire names with a lower-case first letter (see `encoder()` and
/// `decoder()`); blobs are `Data`, which JSON carries as base64 as KMS expects.
enum AWSKMSMessages {
    struct KeyIdRequest: Encodable {
        var keyId: String
    }

    struct GenerateDataKeyRequest: Encodable {
        var keyId: String
        var keySpec = "AES_256"
        var encryptionContext: [String: String]
    }

    struct GenerateDataKeyResponse: Decodable {
        var keyId: String
        var ciphertextBlob: Data
        var plaintext: Data
    }

    struct DecryptRequest: Encodable {
        var keyId: String
        var ciphertextBlob: Data
        var encryptionContext: [String: String]
    }

    struct DecryptResponse: Decodable {
        var plaintext: Data
    }

    struct ReEncryptRequest: Encodable {
        var ciphertextBlob: Data
        var sourceKeyId: String
        var sourceEncryptionContext: [String: String]
        var destinationKeyId: String
        var destinationEncryptionContext: [String: String]
    }

    struct ReEncryptResponse: Decodable {
        var keyId: String
        var ciphertextBlob: Data
    }

    struct KeyMetadataResponse: Decodable {
        var keyMetadata: KeyMetadata
    }

    struct KeyMetadata: Decodable {
        var keyId: String
        var arn: String
        var creationDate: Double
        var enabled: Bool
        var description: String?
    }

    struct ListRequest: Encodable {
        var keyId: String?
        var marker: String?
    }

    struct ListKeysResponse: Decodable {
        struct Entry: Decodable {
            var keyId: String
        }

        var keys: [Entry]
        var nextMarker: String?
        var truncated: Bool?
    }

    struct ListAliasesResponse: Decodable {
        struct Entry: Decodable {
            var aliasName: String
            var targetKeyId: String?
        }

        var aliases: [Entry]
        var nextMarker: String?
        var truncated: Bool?
    }

    struct CreateKeyRequest: Encodable {
        var description: String
        var keyUsage = "ENCRYPT_DECRYPT"
        var keySpec = "SYMMETRIC_DEFAULT"
    }

    struct CreateAliasRequest: Encodable {
        var aliasName: String
        var targetKeyId: String
    }

    struct ScheduleKeyDeletionRequest: Encodable {
        var keyId: String
        var pendingWindowInDays: Int
    }

    /// An error body: `{"__type": "…#NotFoundException", "message": "…"}`
    /// (`Message` in some replies, which the coders' key mapping reads as `message`).
    struct ErrorBody: Decodable {
        var type: String?
        var message: String?

        enum CodingKeys: String, CodingKey {
            case type = "__type"
            case message
        }
    }

    /// Wire names are the Swift names with an upper-case first letter (`KeyId` ↔ `keyId`).
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in
            WireKey(path.last.map { $0.stringValue.prefix(1).uppercased() + $0.stringValue.dropFirst() } ?? "")
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            WireKey(path.last.map { $0.stringValue.prefix(1).lowercased() + $0.stringValue.dropFirst() } ?? "")
        }
        return decoder
    }

    private struct WireKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(_ stringValue: String) { self.stringValue = stringValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
