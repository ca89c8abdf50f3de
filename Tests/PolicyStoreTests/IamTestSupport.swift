import Crypto
import Foundation
import KeyManagement
import PolicyStore
import XCTest

extension XCTestCase {
    /// A real local KMS with a fresh root key, in its own temporary directory.
    func makeKeyService() throws -> LocalKeyService {
        let rootKey = try RootKey(base64: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() })
        return try LocalKeyService(dataDirectory: try makeDataDirectory(), rootKey: rootKey)
    }

    /// A store and a KMS whose sealing key exists.
    func makeIamStore() async throws -> (PolicyStore, LocalKeyService) {
        let service = try makeKeyService()
        _ = try await PolicyStore.ensureIamSealingKey(iamSealingKey, keyService: service)
        return (try makeStore(), service)
    }

    /// Asserts that `body` throws exactly `expected`.
    func XCTAssertThrowsIamStoreErrorAsync<T>(
        _ expected: IamStoreError, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> T
    ) async {
        do {
            _ = try await body()
            XCTFail("expected \(expected), nothing was thrown", file: file, line: line)
        } catch {
            XCTAssertEqual(error as? IamStoreError, expected, file: file, line: line)
        }
    }

    /// Asserts that `body` throws exactly `expected`.
    func XCTAssertThrowsIamStoreError<T>(
        _ expected: IamStoreError, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
    ) {
        do {
            _ = try body()
            XCTFail("expected \(expected), nothing was thrown", file: file, line: line)
        } catch {
            XCTAssertEqual(error as? IamStoreError, expected, file: file, line: line)
        }
    }
}

let iamSealingKey = "alias/portcullis-iam"

/// Every byte of the store's files (the database and its write-ahead log), to search for secrets.
func storeFileBytes(_ store: PolicyStore) throws -> [UInt8] {
    try ["", "-wal"].flatMap { suffix -> [UInt8] in
        let path = store.databasePath + suffix
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
    haystack.firstRange(of: Array(needle.utf8)) != nil
}

let readOnlyPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kafka-cluster:Connect","Resource":"*"}]}"#
