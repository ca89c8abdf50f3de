import Crypto
import Foundation
import KeyManagement
import PolicyStore
import XCTest

/// IAM users, roles, access keys, sessions and policies through the store's API, with a real KMS.
final class IamStoreTests: XCTestCase {
    private let base64Alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    func testUsersAndRolesAreAddedListedAndRemovedAndRecorded() throws {
        let store = try makeStore()
        let alice = try store.addIamUser("alice@example.com", actor: "admin")
        try store.addIamUser("bob", actor: "admin")
        let reader = try store.addIamRole("reader", actor: "admin")
        XCTAssertEqual(try store.listIamUsers().map(\.name), ["alice@example.com", "bob"])
        XCTAssertEqual(try store.listIamUsers().first, alice)
        XCTAssertEqual(try store.listIamRoles(), [reader])
        XCTAssertThrowsIamStoreError(.duplicateUser("bob")) { try store.addIamUser("bob", actor: "admin") }
        XCTAssertThrowsIamStoreError(.duplicateRole("reader")) { try store.addIamRole("reader", actor: "admin") }
        try store.removeIamUser("bob", actor: "admin")
        try store.removeIamRole("reader", actor: "admin")
        XCTAssertThrowsIamStoreError(.unknownUser("bob")) { try store.removeIamUser("bob", actor: "admin") }
        XCTAssertThrowsIamStoreError(.unknownRole("reader")) { try store.removeIamRole("reader", actor: "admin") }
        XCTAssertEqual(try store.listIamUsers().map(\.name), ["alice@example.com"])
        XCTAssertEqual(try store.listIamRoles(), [])
        XCTAssertEqual(try store.adminChanges().map { "\($0.actor) \($0.action) \($0.subject) \($0.details)" }, [
            "admin iam-user.add iam-user/alice@example.com {}",
            "admin iam-user.add iam-user/bob {}",
            "admin iam-role.add iam-role/reader {}",
            #"admin iam-user.remove iam-user/bob {"accessKeys":[],"policies":[]}"#,
            #"admin iam-role.remove iam-role/reader {"policies":[],"sessions":[]}"#,
        ])
    }

    func testNamesAreCheckedInOnePlace() throws {
        let store = try makeStore()
        for name in ["", "a b", "a/b", "ä", "a:b", "a\nb", String(repeating: "x", count: 65)] {
            XCTAssertNotNil(IamName.problem(with: name, kind: .user), name)
            XCTAssertThrowsError(try store.addIamUser(name, actor: "admin")) { error in
                guard case .invalidName(let reason) = error as? IamStoreError else { return XCTFail("\(error)") }
                XCTAssertFalse(reason.contains(name) && !name.isEmpty, "the reason does not echo the name")
            }
            XCTAssertThrowsError(try store.addIamRole(name, actor: "admin"))
        }
        for name in ["a", "Alice+ops=1,x.y@z_w-v", String(repeating: "x", count: 64)] {
            XCTAssertNil(IamName.problem(with: name, kind: .user), name)
        }
        XCTAssertNotNil(IamName.problem(with: "a", kind: .sessionName), "session names are 2 characters or more")
        XCTAssertNil(IamName.problem(with: String(repeating: "p", count: 128), kind: .policy))
        // Ids and names that were not checked are shown without their control characters.
        XCTAssertEqual(IamStoreError.unknownAccessKey("AKIA\u{1b}[31m\n").description, "no access key AKIA?[31m?")
        XCTAssertEqual(try store.adminChanges(), [])
    }

    func testAccessKeyIsCreatedWithASealedSecretThatOpensAndIsNeverStoredInPlaintext() async throws {
        let (store, service) = try await makeIamStore()
        try store.addIamUser("alice", actor: "admin")
        let created = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "admin")
        let key = created.accessKey
        XCTAssertTrue(key.accessKeyId.hasPrefix("AKIA"))
        XCTAssertEqual(key.accessKeyId.count, 20)
        XCTAssertTrue(key.accessKeyId.dropFirst(4).allSatisfy { "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".contains($0) })
        XCTAssertEqual(created.secretAccessKey.count, 40)
        XCTAssertTrue(created.secretAccessKey.allSatisfy(base64Alphabet.contains))
        XCTAssertEqual(key.owner, .user("alice"))
        XCTAssertEqual(key.status, .active)
        XCTAssertNil(key.expiresAt)
        XCTAssertNil(key.sessionTokenSHA256)
        XCTAssertFalse("\(created)".contains(created.secretAccessKey))
        XCTAssertFalse(String(reflecting: created).contains(created.secretAccessKey))

        // The stored key reads back exactly, and its secret opens with the KMS under its own id only.
        let stored = try XCTUnwrap(try store.iamAccessKey(key.accessKeyId))
        XCTAssertEqual(stored, key)
        let opened = try await stored.openSecret(keyService: service)
        XCTAssertEqual(opened.withUnsafeBytes { Array($0) }, Array(created.secretAccessKey.utf8))
        do {
            _ = try await stored.sealedSecret.open(context: IamAccessKey.encryptionContext(accessKeyId: "AKIAAAAAAAAAAAAAAAAA"), keyService: service)
            XCTFail("the secret opened under another key id")
        } catch {
            XCTAssertEqual(error as? KeyServiceError, .invalidCiphertext)
        }

        let bytes = try storeFileBytes(store)
        XCTAssertTrue(contains(bytes, key.accessKeyId), "the search finds what is there")
        XCTAssertFalse(contains(bytes, created.secretAccessKey), "the secret is in the store's files")
        let change = try XCTUnwrap(try store.adminChanges().last)
        XCTAssertEqual(change.action, .iamKeyCreate)
        XCTAssertEqual(change.subject, key.accessKeyId)
        let kek = try await service.describeKey(iamSealingKey)
        XCTAssertEqual(change.details, #"{"sealingKey":"\#(kek.keyId)","user":"alice"}"#)
    }

    func testAUserHasAtMostTwoKeys() async throws {
        let (store, service) = try await makeIamStore()
        try store.addIamUser("alice", actor: "admin")
        let first = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "admin")
        let second = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "admin")
        XCTAssertNotEqual(first.accessKey.accessKeyId, second.accessKey.accessKeyId)
        XCTAssertNotEqual(first.secretAccessKey, second.secretAccessKey)
        await XCTAssertThrowsIamStoreErrorAsync(.accessKeyLimit(user: "alice", limit: 2)) {
            try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "admin")
        }
        XCTAssertEqual(IamStoreError.accessKeyLimit(user: "alice", limit: 2).description,
                       "IAM user alice already has 2 access keys, the most it may have; delete one first")
        XCTAssertEqual(try store.listIamAccessKeys(user: "alice").count, 2)
        try store.deleteIamAccessKey(first.accessKey.accessKeyId, user: "alice", actor: "admin")
        _ = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "admin")
        await XCTAssertThrowsIamStoreErrorAsync(.unknownUser("bob")) {
            try await store.createIamAccessKey(forUser: "bob", sealingKeyId: iamSealingKey, keyService: service, actor: "admin")
        }
    }

    func testKeysAreDisabledEnabledAndDeletedOnlyByTheirOwner() async throws {
        let (store, service) = try await makeIamStore()
        try store.addIamUser("alice", actor: "admin")
        try store.addIamUser("bob", actor: "admin")
        let id = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "admin").accessKey.accessKeyId
        XCTAssertThrowsIamStoreError(.accessKeyNotOwned(accessKeyId: id, user: "bob")) {
            try store.setIamAccessKeyEnabled(false, accessKeyId: id, user: "bob", actor: "admin")
        }
        XCTAssertThrowsIamStoreError(.accessKeyNotOwned(accessKeyId: id, user: "bob")) {
            try store.deleteIamAccessKey(id, user: "bob", actor: "admin")
        }
        XCTAssertThrowsIamStoreError(.unknownAccessKey("AKIAAAAAAAAAAAAAAAAA")) {
            try store.deleteIamAccessKey("AKIAAAAAAAAAAAAAAAAA", user: "alice", actor: "admin")
        }
        let before = try store.snapshot()
        try store.setIamAccessKeyEnabled(false, accessKeyId: id, user: "alice", actor: "admin")
        let disabled = try store.snapshot()
        XCTAssertNotEqual(disabled, before, "disabling a key is a new snapshot")
        XCTAssertEqual(disabled.iam.accessKeys[id]?.status, .inactive)
        XCTAssertNil(disabled.iam.usableAccessKey(id, at: Date()))
        XCTAssertEqual(try store.listIamAccessKeys(user: "alice").map(\.status), [.inactive])
        try store.setIamAccessKeyEnabled(true, accessKeyId: id, user: "alice", actor: "admin")
        XCTAssertEqual(try store.snapshot(), before)
        XCTAssertNotNil(try store.snapshot().iam.usableAccessKey(id, at: Date()))
        try store.deleteIamAccessKey(id, user: "alice", actor: "admin")
        XCTAssertEqual(try store.listIamAccessKeys(), [])
        XCTAssertEqual(try store.adminChanges().suffix(3).map { "\($0.action) \($0.subject) \($0.details)" }, [
            #"iam-key.disable \#(id) {"user":"alice"}"#,
            #"iam-key.enable \#(id) {"user":"alice"}"#,
            #"iam-key.delete \#(id) {"user":"alice"}"#,
        ])
    }

    func testRemovingAUserRemovesItsKeysAndAttachmentsButNotThePolicies() async throws {
        let (store, service) = try await makeIamStore()
        try store.addIamUser("alice", actor: "admin")
        let id = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "admin").accessKey.accessKeyId
        try store.putIamPolicy("read", document: readOnlyPolicy, actor: "admin")
        try store.attachIamPolicy("read", to: .user("alice"), actor: "admin")
        try store.removeIamUser("alice", actor: "admin")
        let iam = try store.snapshot().iam
        XCTAssertEqual(iam.accessKeys, [:])
        XCTAssertEqual(iam.userPolicies, [:])
        XCTAssertEqual(iam.policies, ["read": readOnlyPolicy])
        XCTAssertEqual(try store.adminChanges().last?.details, #"{"accessKeys":["\#(id)"],"policies":["read"]}"#)
    }

    func testSessionCredentialsExpireAreRevokedAndPurgedAndKeepOnlyTheTokensHash() async throws {
        let (store, service) = try await makeIamStore()
        try store.addIamRole("reader", actor: "admin")
        // In the past, so that these credentials have expired by the time they are purged.
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let issued = try await store.issueIamSession(
            role: "reader", sessionName: "ci-job-1", durationSeconds: 3600, sealingKeyId: iamSealingKey, keyService: service,
            actor: "admin", now: now
        )
        let key = issued.accessKey
        XCTAssertTrue(key.accessKeyId.hasPrefix("ASIA"))
        XCTAssertEqual(key.accessKeyId.count, 20)
        XCTAssertEqual(key.owner, .roleSession(role: "reader", session: "ci-job-1"))
        XCTAssertEqual(issued.expiration, now.addingTimeInterval(3600))
        XCTAssertEqual(key.createdAt, now)
        XCTAssertGreaterThanOrEqual(Data(base64Encoded: issued.sessionToken)?.count ?? 0, 64)
        XCTAssertEqual(key.sessionTokenSHA256, Array(SHA256.hash(data: Array(issued.sessionToken.utf8))))
        XCTAssertEqual(issued.secretAccessKey.count, 40)
        XCTAssertFalse("\(issued)".contains(issued.sessionToken))
        let stored = try XCTUnwrap(try store.snapshot().iam.accessKeys[key.accessKeyId])
        XCTAssertEqual(stored, key)
        let opened = try await stored.openSecret(keyService: service)
        XCTAssertEqual(opened.withUnsafeBytes { Array($0) }, Array(issued.secretAccessKey.utf8))
        XCTAssertNotNil(try store.snapshot().iam.usableAccessKey(key.accessKeyId, at: now.addingTimeInterval(3599)))
        XCTAssertNil(try store.snapshot().iam.usableAccessKey(key.accessKeyId, at: now.addingTimeInterval(3600)), "refused by time")

        let bytes = try storeFileBytes(store)
        XCTAssertTrue(contains(bytes, key.accessKeyId))
        XCTAssertFalse(contains(bytes, issued.secretAccessKey), "the secret is in the store's files")
        XCTAssertFalse(contains(bytes, issued.sessionToken), "the session token is in the store's files")
        XCTAssertFalse(try store.adminChanges().contains { $0.details.contains(issued.sessionToken) || $0.details.contains(issued.secretAccessKey) })

        for seconds in [0, 43_201] {
            await XCTAssertThrowsIamStoreErrorAsync(.invalidSessionDuration(seconds: seconds)) {
                try await store.issueIamSession(
                    role: "reader", sessionName: "s2", durationSeconds: seconds, sealingKeyId: iamSealingKey, keyService: service, actor: "admin"
                )
            }
        }
        await XCTAssertThrowsIamStoreErrorAsync(.unknownRole("writer")) {
            try await store.issueIamSession(
                role: "writer", sessionName: "s2", durationSeconds: 900, sealingKeyId: iamSealingKey, keyService: service, actor: "admin"
            )
        }
        let current = try await store.issueIamSession(
            role: "reader", sessionName: "s2", durationSeconds: 900, sealingKeyId: iamSealingKey, keyService: service, actor: "admin"
        )
        // Expired credentials stay, listed, until purged; current ones are not purged.
        XCTAssertEqual(Set(try store.listIamSessions(role: "reader").map(\.accessKeyId)), [key.accessKeyId, current.accessKey.accessKeyId])
        XCTAssertEqual(try store.purgeExpiredIamSessions(actor: "admin"), [key.accessKeyId])
        XCTAssertEqual(try store.listIamSessions().map(\.accessKeyId), [current.accessKey.accessKeyId])
        XCTAssertThrowsIamStoreError(.unknownSession(key.accessKeyId)) { try store.revokeIamSession(key.accessKeyId, actor: "admin") }
        try store.revokeIamSession(current.accessKey.accessKeyId, actor: "admin")
        XCTAssertEqual(try store.listIamSessions(), [])
        XCTAssertEqual(try store.adminChanges().suffix(2).map(\.action), [.iamSessionPurge, .iamSessionRevoke])
        let kek = try await service.describeKey(iamSealingKey)
        XCTAssertEqual(
            try store.adminChanges().first { $0.action == .iamSessionIssue }?.details,
            #"{"expiresAt":"2023-11-14T23:13:20.000Z","role":"reader","sealingKey":"\#(kek.keyId)","sessionName":"ci-job-1"}"#
        )
    }

    func testRevokingEveryOneOfARolesSessions() async throws {
        let (store, service) = try await makeIamStore()
        try store.addIamRole("reader", actor: "admin")
        try store.addIamRole("writer", actor: "admin")
        var ids: [String] = []
        for role in ["reader", "reader", "writer"] {
            ids.append(try await store.issueIamSession(
                role: role, sessionName: "s1", durationSeconds: 900, sealingKeyId: iamSealingKey, keyService: service, actor: "admin"
            ).accessKey.accessKeyId)
        }
        XCTAssertEqual(Set(try store.revokeIamSessions(role: "reader", actor: "admin")), Set(ids.prefix(2)))
        XCTAssertEqual(try store.listIamSessions().map(\.accessKeyId), [ids[2]])
        try store.removeIamRole("writer", actor: "admin")
        XCTAssertEqual(try store.snapshot().iam.accessKeys, [:])
    }

    func testADisabledSealingKeyRefusesAndWritesNothing() async throws {
        let (store, service) = try await makeIamStore()
        try store.addIamUser("alice", actor: "admin")
        let kek = try await service.describeKey(iamSealingKey)
        try await service.setKeyEnabled(kek.keyId, enabled: false)
        let changes = try store.adminChanges()
        await XCTAssertThrowsIamStoreErrorAsync(.kms("key \(kek.keyId) is disabled")) {
            try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "admin")
        }
        XCTAssertEqual(try store.listIamAccessKeys(), [])
        XCTAssertEqual(try store.adminChanges(), changes)
    }

    func testTheSealingKeyIsCreatedOnceUnderItsAlias() async throws {
        let service = try makeKeyService()
        let created = try await PolicyStore.ensureIamSealingKey("alias/portcullis-iam", keyService: service)
        XCTAssertEqual(created?.alias, "alias/portcullis-iam")
        let again = try await PolicyStore.ensureIamSealingKey("alias/portcullis-iam", keyService: service)
        XCTAssertNil(again)
        await XCTAssertThrowsIamStoreErrorAsync(.kms("no key lk-missing")) {
            try await PolicyStore.ensureIamSealingKey("lk-missing", keyService: service)
        }
    }
}
