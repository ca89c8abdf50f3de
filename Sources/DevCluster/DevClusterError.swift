import Foundation

public enum DevClusterError: Error, CustomStringConvertible {
    case cannotWrite(String, errno: Int32)
    case cannotCreateDirectory(String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let code): "cannot write \(path): \(String(cString: strerror(code)))"
        case .cannotCreateDirectory(let path, let code): "cannot create \(path): \(String(cString: strerror(code)))"
        }
    }
}
