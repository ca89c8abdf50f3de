import Authorization
import Gateway
import PolicyStore
import Properties
import XCTest

final class ConfigurationReloadTests: XCTestCase {
    private let base = """
        listeners=SASL_PLAINTEXT://127.0.0.1:9092
        upstream.bootstrap.servers=127.0.0.1:19092
        super.users=User:admin

        """

    func testAuthorizationSettingsApplyAndOthersNeedARestart() throws {
        let new = base.replacingOccurrences(of: "User:admin", with: "User:admin;User:bob")
            + "allow.everyone.if.no.acl.found=true\nsocket.request.max.bytes=1048576\niam.region=eu-west-1\n"
        let reload = try ConfigurationReload(running: base, applied: base, new: new)
        XCTAssertEqual(reload.applied, ["allow.everyone.if.no.acl.found", "iam.region", "super.users"])
        XCTAssertEqual(reload.needingRestart, ["socket.request.max.bytes"])
        XCTAssertEqual(reload.configuration.authorization.superUsers, ["admin", "bob"])
    }

    /// A restart-bound change stays named until a restart; an applied one is not applied twice.
    func testBaselinesAreTheRunningFileForRestartsAndTheLastReloadForTheRest() throws {
        let first = base.replacingOccurrences(of: "User:admin", with: "User:bob") + "socket.request.max.bytes=1048576\n"
        let again = try ConfigurationReload(running: base, applied: first, new: first)
        XCTAssertEqual(again.applied, [])
        XCTAssertEqual(again.needingRestart, ["socket.request.max.bytes"])
    }

    func testAFileThatDoesNotParseIsRefusedWithItsLine() {
        XCTAssertThrowsError(try ConfigurationReload(running: base, applied: base, new: base + "no.such.setting=1\n")) { error in
            XCTAssertEqual((error as? ConfigurationError)?.line, 4)
        }
    }

    func testNewSettingsDecideTheNextRequest() {
        let holder = PolicyHolder(.empty, settings: AuthorizationSettings())
        let topic = ResourceName(.topic, "orders")
        let host = IPAddress("127.0.0.1")!
        XCTAssertFalse(holder.current.authorizer.authorize(user: "bob", host: host, operation: .write, resource: topic).allowed)
        holder.replace(settings: AuthorizationSettings(superUsers: ["bob"]))
        XCTAssertTrue(holder.current.authorizer.authorize(user: "bob", host: host, operation: .write, resource: topic).allowed)
        holder.replace(with: .empty)  // a new snapshot keeps the new settings
        XCTAssertTrue(holder.current.authorizer.authorize(user: "bob", host: host, operation: .write, resource: topic).allowed)
    }
}
