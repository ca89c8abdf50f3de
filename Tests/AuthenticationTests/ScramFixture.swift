import Authentication
import XCTest

/// One stored user, "alice" with password "correct horse", and the helpers failure tests share.
struct ScramFixture {
    static let username = "alice"
    static let password = "correct horse"

    let mechanism: ScramMechanism
    let stored: ScramCredential

    /// Alice's credential is made as `authctl scram set` makes one, with the mechanism's defaults unless told otherwise.
    init(_ mechanism: ScramMechanism, iterations: Int? = nil) throws {
        self.mechanism = mechanism
        stored = try ScramCredential.generate(mechanism: mechanism, password: Array(Self.password.utf8), iterations: iterations)
    }

    func exchange() -> ScramServerExchange {
        let stored = stored
        return ScramServerExchange(mechanism: mechanism, credentials: { $0 == Self.username ? stored : nil })
    }

    func client(username: String = Self.username, password: String = Self.password, nonce: String = "rOprNGfwEbeRWgbNEkqO") -> ScramTestClient {
        ScramTestClient(mechanism: mechanism, saslName: username, password: password, clientNonce: nonce)
    }
}

/// Asserts that `body` throws exactly `expected`, and returns the error's description.
@discardableResult
func assertScramError<T>(_ expected: ScramError, file: StaticString = #filePath, line: UInt = #line,
                         _ body: () throws -> T) -> String {
    do {
        _ = try body()
        XCTFail("expected \(expected), got success", file: file, line: line)
        return ""
    } catch let error as ScramError {
        XCTAssertEqual(error, expected, file: file, line: line)
        return error.description
    } catch {
        XCTFail("unexpected error type \(error)", file: file, line: line)
        return ""
    }
}
