import Authorization
import PolicyStore
import XCTest

/// `apply` and `drift` for IAM: documents, identities and attachments, in the transaction of the
/// other kinds, idempotent, recorded; documents exact except for policies attached to
/// identities the declaration does not manage.
final class PolicyApplyIamTests: XCTestCase {
    private let write = #"{"Version":"2012-10-17","Statement":[{"Sid":"Write","Effect":"Allow","Action":"kafka-cluster:WriteData","Resource":"*"}]}"#
    private let read = #"{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":"kafka-cluster:ReadData","Resource":"*"}]}"#

    func testApplyCreatesDocumentsIdentitiesAndAttachmentsAndASecondApplyChangesNothing() throws {
        let store = try makeStore()
        let declared = DeclaredPolicy(iam: DeclaredIam(
            policies: ["writer": write, "reader": read], users: ["alice": ["writer", "reader"]], roles: ["batch": ["writer"]]
        ))
        let drift = try store.apply(declared, actor: "gitops")
        XCTAssertEqual(drift.iamUsersToAdd, ["alice"])
        XCTAssertEqual(drift.iamRolesToAdd, ["batch"])
        XCTAssertEqual(drift.iamPoliciesToAdd, [DeclaredIamPolicy(name: "reader", document: read), DeclaredIamPolicy(name: "writer", document: write)])
        XCTAssertEqual(drift.iamAttachmentsToAdd, [
            IamAttachment(policy: "reader", target: .user("alice")), IamAttachment(policy: "writer", target: .user("alice")),
            IamAttachment(policy: "writer", target: .role("batch")),
        ])
        let iam = try store.snapshot().iam
        XCTAssertEqual(iam.policies, ["writer": write, "reader": read])
        XCTAssertEqual(iam.userPolicies, ["alice": ["reader", "writer"]])
        XCTAssertEqual(iam.rolePolicies, ["batch": ["writer"]])

        let recorded = try store.adminChanges().count
        XCTAssertTrue(try store.drift(to: declared).isEmpty)
        XCTAssertTrue(try store.apply(declared, actor: "gitops").isEmpty)
        XCTAssertEqual(try store.adminChanges().count, recorded, "a second apply records nothing")
    }

    func testEachIamChangeIsRecordedAsTheSingleChangeCallsRecordIt() throws {
        let store = try makeStore()
        try store.putIamPolicy("old", document: read, actor: "setup")
        let before = try store.adminChanges().count
        try store.apply(DeclaredPolicy(iam: DeclaredIam(policies: ["writer": write], users: ["alice": ["writer"]])), actor: "gitops")
        let changes = try store.adminChanges().dropFirst(before)
        XCTAssertEqual(changes.map(\.actor), Array(repeating: "gitops", count: 4))
        XCTAssertEqual(changes.map(\.action), [.iamUserAdd, .iamPolicyPut, .iamPolicyAttach, .iamPolicyRemove])
        XCTAssertEqual(changes.map(\.subject), ["iam-user/alice", "iam-policy/writer", "iam-policy/writer", "iam-policy/old"])
    }

    func testDocumentsAreExactButAPolicyAttachedToAnUndeclaredIdentityIsKept() throws {
        let store = try makeStore()
        try store.addIamUser("alice", actor: "setup")
        try store.addIamUser("bob", actor: "setup")
        for (name, document) in [("writer", read), ("stale", read), ("loose", read), ("bobs", read)] {
            try store.putIamPolicy(name, document: document, actor: "setup")
        }
        try store.attachIamPolicy("stale", to: .user("alice"), actor: "setup")
        try store.attachIamPolicy("bobs", to: .user("alice"), actor: "setup")
        try store.attachIamPolicy("bobs", to: .user("bob"), actor: "setup")

        let declared = DeclaredPolicy(iam: DeclaredIam(policies: ["writer": write], users: ["alice": ["writer"]]))
        let drift = try store.drift(to: declared)
        XCTAssertEqual(drift.iamPoliciesToChange, [DeclaredIamPolicy(name: "writer", document: write)])
        XCTAssertEqual(drift.iamPoliciesToRemove, ["loose", "stale"])
        XCTAssertEqual(drift.iamPoliciesKept, [KeptIamPolicy(name: "bobs", attachedTo: [.user("bob")])], "bob is not declared")
        XCTAssertEqual(drift.iamAttachmentsToRemove, [
            IamAttachment(policy: "bobs", target: .user("alice")), IamAttachment(policy: "stale", target: .user("alice")),
        ])
        XCTAssertEqual(drift.iamAttachmentsToAdd, [IamAttachment(policy: "writer", target: .user("alice"))])

        XCTAssertEqual(try store.apply(declared, actor: "gitops"), drift)
        let iam = try store.snapshot().iam
        XCTAssertEqual(iam.policies, ["writer": write, "bobs": read])
        XCTAssertEqual(iam.userPolicies, ["alice": ["writer"], "bob": ["bobs"]])

        let again = try store.drift(to: declared)
        XCTAssertTrue(again.isEmpty, "a kept policy is no drift")
        XCTAssertEqual(again.iamPoliciesKept.map(\.name), ["bobs"])

        // Once bob is declared (without it), the policy goes.
        let withBob = DeclaredPolicy(iam: DeclaredIam(policies: ["writer": write], users: ["alice": ["writer"], "bob": []]))
        let removed = try store.apply(withBob, actor: "gitops")
        XCTAssertEqual(removed.iamPoliciesToRemove, ["bobs"])
        XCTAssertEqual(removed.iamAttachmentsToRemove, [IamAttachment(policy: "bobs", target: .user("bob"))])
        XCTAssertEqual(try store.snapshot().iam.policies, ["writer": write])
    }

    func testWithoutDocumentsTheStoresPoliciesAreLeftAloneAndAttachmentsMustNameOne() throws {
        let store = try makeStore()
        try store.putIamPolicy("by-hand", document: read, actor: "setup")
        let drift = try store.apply(DeclaredPolicy(iam: DeclaredIam(roles: ["batch": ["by-hand"]])), actor: "gitops")
        XCTAssertEqual(drift.iamRolesToAdd, ["batch"])
        XCTAssertEqual(drift.iamPoliciesToRemove, [])
        XCTAssertEqual(try store.snapshot().iam.rolePolicies, ["batch": ["by-hand"]])

        let before = try store.snapshot()
        let unknown = DeclaredPolicy(acls: [], iam: DeclaredIam(users: ["carol": ["missing"]]))
        XCTAssertThrowsIamStoreError(.unknownPolicy("missing")) { try store.drift(to: unknown) }
        XCTAssertThrowsIamStoreError(.unknownPolicy("missing")) { try store.apply(unknown, actor: "gitops") }
        XCTAssertEqual(try store.snapshot(), before, "nothing changed, carol included")
    }

    func testInvalidDeclarationsAreRefusedBeforeAnythingIsWritten() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "setup")
        let before = try store.snapshot()
        let principal = #"{"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"kafka-cluster:*","Resource":"*"}]}"#
        let problem = try documentError(principal)
        let cases: [(DeclaredIam, IamStoreError)] = [
            (DeclaredIam(policies: ["bad": principal]), .invalidPolicyDocument("policy bad: \(problem)")),
            (DeclaredIam(policies: ["a": write], users: ["alice": ["b"]]), .unknownPolicy("b")),
            (DeclaredIam(users: ["not valid": []]), .invalidName(IamName.problem(with: "not valid", kind: .user)!)),
            (DeclaredIam(policies: ["": write]), .invalidName(IamName.problem(with: "", kind: .policy)!)),
        ]
        for (iam, expected) in cases {
            // The ACL part is valid: the whole declaration is refused, the ACLs too.
            let declared = DeclaredPolicy(acls: [], iam: iam)
            XCTAssertThrowsIamStoreError(expected) { try store.apply(declared, actor: "gitops") }
            XCTAssertThrowsIamStoreError(expected) { try store.drift(to: declared) }
        }
        XCTAssertEqual(try store.snapshot(), before)
        XCTAssertTrue("\(problem)".contains("Open"), "the problem names the statement")
    }

    func testAnAttachmentOfAPolicyRemovedMeanwhileRefusesTheWholeApply() throws {
        let store = try makeStore()
        try store.addPrincipal("alice", actor: "setup")
        try store.putIamPolicy("by-hand", document: read, actor: "setup")
        let before = try store.snapshot()
        // The ACL part would change the store; the IAM part fails inside the transaction.
        let declared = DeclaredPolicy(
            users: DeclaredUsers([DeclaredUser(name: "bob")], removesUnlisted: true), iam: DeclaredIam(users: ["u": ["gone"]])
        )
        try store.removeIamPolicy("by-hand", actor: "setup")
        XCTAssertThrowsIamStoreError(.unknownPolicy("gone")) { try store.apply(declared, actor: "gitops") }
        XCTAssertEqual(try store.snapshot().principals, before.principals)
    }

    private func documentError(_ text: String) throws -> IamPolicyDocumentError {
        do {
            _ = try IamPolicyDocument(text: text)
        } catch {
            return error
        }
        throw XCTSkip("the document parsed")
    }
}
