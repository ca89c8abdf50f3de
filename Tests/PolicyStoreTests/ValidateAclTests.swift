import Authorization
import PolicyStore
import XCTest

final class ValidateAclTests: XCTestCase {
    func testValidateAclRefusesWhatAddAclsWouldRefuse() throws {
        let store = try makeStore()
        let refused = acl(.topic, "orders\u{0}")
        XCTAssertThrowsPolicyStoreError(.invalidAcl("the resource name contains a control character")) {
            try PolicyStore.validateAcl(refused)
        }
        XCTAssertThrowsPolicyStoreError(.invalidAcl("the resource name contains a control character")) {
            try store.addAcls([acl(), refused], actor: "test")
        }
        XCTAssertNoThrow(try PolicyStore.validateAcl(acl()))
    }
}
