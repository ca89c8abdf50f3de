import Crypto
import Foundation
import PolicyStore
import XCTest

/// IAM policy documents and their attachments, and the snapshot's IAM part.
final class IamPolicyStoreTests: XCTestCase {
    private let writePolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kafka-cluster:WriteData","Resource":"*"}]}"#

    func testPoliciesArePutReplacedAttachedDetachedAndRecorded() throws {
        let store = try makeStore()
        try store.addIamUser("alice", actor: "admin")
        try store.addIamRole("reader", actor: "admin")
        XCTAssertTrue(try store.putIamPolicy("read", document: readOnlyPolicy, actor: "admin"))
        XCTAssertFalse(try store.putIamPolicy("read", document: writePolicy, actor: "admin"), "replaced")
        XCTAssertEqual(try store.iamPolicy(named: "read")?.document, writePolicy)
        XCTAssertTrue(try store.attachIamPolicy("read", to: .user("alice"), actor: "admin"))
        XCTAssertFalse(try store.attachIamPolicy("read", to: .user("alice"), actor: "admin"), "attaching again changes nothing")
        XCTAssertTrue(try store.attachIamPolicy("read", to: .role("reader"), actor: "admin"))
        XCTAssertEqual(try store.iamPolicyAttachments("read"), [.user("alice"), .role("reader")])
        XCTAssertThrowsIamStoreError(.unknownPolicy("nope")) { try store.attachIamPolicy("nope", to: .user("alice"), actor: "admin") }
        XCTAssertThrowsIamStoreError(.unknownUser("bob")) { try store.attachIamPolicy("read", to: .user("bob"), actor: "admin") }
        XCTAssertThrowsIamStoreError(.unknownRole("w")) { try store.attachIamPolicy("read", to: .role("w"), actor: "admin") }

        let iam = try store.snapshot().iam
        XCTAssertEqual(iam.policies, ["read": writePolicy])
        XCTAssertEqual(iam.userPolicies, ["alice": ["read"]])
        XCTAssertEqual(iam.rolePolicies, ["reader": ["read"]])
        XCTAssertEqual(iam.policyDocuments(for: .roleSession(role: "reader", session: "s")), ["read": writePolicy])

        try store.detachIamPolicy("read", from: .role("reader"), actor: "admin")
        XCTAssertThrowsIamStoreError(.policyNotAttached(policy: "read", target: "role/reader")) {
            try store.detachIamPolicy("read", from: .role("reader"), actor: "admin")
        }
        let changes = try store.adminChanges().filter { $0.subject == "iam-policy/read" }
        XCTAssertEqual(changes.map(\.action), [.iamPolicyPut, .iamPolicyPut, .iamPolicyAttach, .iamPolicyAttach, .iamPolicyDetach])
        XCTAssertEqual(changes[0].details, #"{"bytes":\#(readOnlyPolicy.utf8.count),"created":true,"sha256":"\#(sha256Hex(readOnlyPolicy))"}"#)
        XCTAssertEqual(changes[2].details, #"{"target":"user/alice"}"#)
    }

    func testAnAttachedPolicyIsRemovedOnlyWhenForcedWhichDetachesItEverywhere() throws {
        let store = try makeStore()
        try store.addIamUser("alice", actor: "admin")
        try store.addIamRole("reader", actor: "admin")
        try store.putIamPolicy("read", document: readOnlyPolicy, actor: "admin")
        try store.attachIamPolicy("read", to: .user("alice"), actor: "admin")
        try store.attachIamPolicy("read", to: .role("reader"), actor: "admin")
        XCTAssertThrowsIamStoreError(.policyAttached(policy: "read", attachedTo: ["user/alice", "role/reader"])) {
            try store.removeIamPolicy("read", actor: "admin")
        }
        XCTAssertEqual(try store.listIamPolicies().map(\.name), ["read"])
        let before = try store.adminChanges().count
        try store.removeIamPolicy("read", force: true, actor: "admin")
        XCTAssertEqual(try store.listIamPolicies(), [])
        let iam = try store.snapshot().iam
        XCTAssertEqual(iam.userPolicies, [:])
        XCTAssertEqual(iam.rolePolicies, [:])
        XCTAssertEqual(try store.adminChanges().dropFirst(before).map { "\($0.action) \($0.details)" }, [
            #"iam-policy.detach {"target":"user/alice"}"#, #"iam-policy.detach {"target":"role/reader"}"#, "iam-policy.remove {}",
        ])
        XCTAssertThrowsIamStoreError(.unknownPolicy("read")) { try store.removeIamPolicy("read", actor: "admin") }
        // An unattached policy goes without force.
        try store.putIamPolicy("spare", document: readOnlyPolicy, actor: "admin")
        try store.removeIamPolicy("spare", actor: "admin")
    }

    func testTheStoreKeepsTheDocumentAsGivenWithinItsSizeLimit() throws {
        let store = try makeStore()
        let spaced = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}\n"
        try store.putIamPolicy("spaced", document: spaced, actor: "admin")
        XCTAssertEqual(try store.snapshot().iam.policies["spaced"], spaced)
        XCTAssertThrowsError(try store.putIamPolicy("empty", document: "", actor: "admin"))
        XCTAssertThrowsError(try store.putIamPolicy("huge", document: String(repeating: " ", count: PolicyStore.maximumIamPolicyDocumentByteCount + 1), actor: "admin"))
    }

    func testEveryIamChangeIsANewSnapshotAndNothingElseIs() async throws {
        let (store, service) = try await makeIamStore()
        var previous = try store.snapshot()
        XCTAssertEqual(try store.snapshot(), previous, "reading twice is the same snapshot")
        var id = ""
        let changes: [(String, () async throws -> Void)] = [
            ("user", { try store.addIamUser("alice", actor: "a") }),
            ("role", { try store.addIamRole("reader", actor: "a") }),
            ("key", { id = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "a").accessKey.accessKeyId }),
            ("disable", { try store.setIamAccessKeyEnabled(false, accessKeyId: id, user: "alice", actor: "a") }),
            ("session", { _ = try await store.issueIamSession(role: "reader", sessionName: "s1", durationSeconds: 900, sealingKeyId: iamSealingKey, keyService: service, actor: "a") }),
            ("policy", { try store.putIamPolicy("read", document: readOnlyPolicy, actor: "a") }),
            ("document", { try store.putIamPolicy("read", document: self.writePolicy, actor: "a") }),
            ("attach", { try store.attachIamPolicy("read", to: .role("reader"), actor: "a") }),
            ("detach", { try store.detachIamPolicy("read", from: .role("reader"), actor: "a") }),
            ("delete", { try store.deleteIamAccessKey(id, user: "alice", actor: "a") }),
        ]
        for (what, change) in changes {
            try await change()
            let next = try store.snapshot()
            XCTAssertNotEqual(next, previous, what)
            XCTAssertEqual(next.acls, previous.acls)
            XCTAssertEqual(next.principals, previous.principals)
            previous = next
        }
        XCTAssertEqual(previous.iam.users.keys.sorted(), ["alice"])
        XCTAssertEqual(previous.iam.roles.keys.sorted(), ["reader"])
        XCTAssertEqual(previous.iam.accessKeys.count, 1)
    }

    func testTheWatcherDeliversASnapshotWhenAKeyIsDisabled() async throws {
        let (store, service) = try await makeIamStore()
        try store.addIamUser("alice", actor: "a")
        let id = try await store.createIamAccessKey(forUser: "alice", sealingKeyId: iamSealingKey, keyService: service, actor: "a").accessKey.accessKeyId
        var snapshots = store.snapshots(pollingEvery: .milliseconds(10)).makeAsyncIterator()
        let first = try await snapshots.next()
        XCTAssertEqual(first?.iam.accessKeys[id]?.enabled, true)
        try store.setIamAccessKeyEnabled(false, accessKeyId: id, user: "alice", actor: "a")
        let next = try await snapshots.next()
        XCTAssertEqual(next?.iam.accessKeys[id]?.enabled, false)
    }

    private func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
