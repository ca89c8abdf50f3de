import Authorization
import XCTest

/// Short ways to write ACLs and addresses in tests.
func ip(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> IPAddress {
    guard let address = IPAddress(text) else {
        XCTFail("not an IP address: \(text)", file: file, line: line)
        return .v4(0)
    }
    return address
}

func host(_ text: String) -> AclHost {
    AclHost(parsing: text)!
}

func acl(
    _ permission: AclPermission, _ principal: AclPrincipal, _ operation: AclOperation,
    on pattern: ResourcePattern, from host: AclHost = .any
) -> AclBinding {
    AclBinding(pattern: pattern, entry: AccessControlEntry(principal: principal, host: host, operation: operation, permission: permission))
}

func topic(_ name: String, _ patternType: AclPatternType = .literal) -> ResourcePattern {
    ResourcePattern(.topic, name, patternType)
}

func group(_ name: String, _ patternType: AclPatternType = .literal) -> ResourcePattern {
    ResourcePattern(.group, name, patternType)
}

let anyHost = AclHost.any
let someClient = ip("192.168.1.1")
