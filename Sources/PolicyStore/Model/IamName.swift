/// The names IAM allows, checked in this one place (the schema's CHECKs repeat it):
/// characters `[A-Za-z0-9+=,.@_-]`, at most 64 for users and roles, 2 to 64 for role session
/// names, at most 128 for policies. Names are compared exactly, byte for byte.
public enum IamName {
    public enum Kind: String, Sendable, CustomStringConvertible {
        case user = "IAM user name"
        case role = "IAM role name"
        case sessionName = "role session name"
        case policy = "IAM policy name"

        public var description: String { rawValue }

        var lengths: ClosedRange<Int> {
            switch self {
            case .user, .role: 1...64
            case .sessionName: 2...64
            case .policy: 1...128
            }
        }
    }

    /// Why `name` is not an acceptable name of `kind`, or nil when it is. Never echoes the name.
    public static func problem(with name: String, kind: Kind) -> String? {
        let bytes = Array(name.utf8)
        guard kind.lengths.contains(bytes.count) else {
            return "\(kind) must be \(kind.lengths.lowerBound) to \(kind.lengths.upperBound) characters, not \(bytes.count)"
        }
        guard bytes.allSatisfy(isAllowed) else {
            return "\(kind) may hold only letters, digits and + = , . @ _ -"
        }
        return nil
    }

    static func validate(_ name: String, _ kind: Kind) throws(IamStoreError) {
        if let problem = problem(with: name, kind: kind) { throw .invalidName(problem) }
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "@"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
        default: false
        }
    }
}
