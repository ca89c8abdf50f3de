/// Why a batch was not delivered. Never carries a credential: AWS's error
/// bodies are quoted with the session token taken out.
public struct LogDeliveryFailure: Error, Sendable, CustomStringConvertible {
    public var destination: String
    /// The HTTP status, or nil when no answer came.
    public var statusCode: UInt?
    /// AWS's error code (`ResourceNotFoundException`, `NoSuchBucket`, …) when it gave one.
    public var errorCode: String?
    public var message: String

    public var description: String {
        "\(destination): " + [statusCode.map { "HTTP \($0)" }, errorCode, message].compactMap { $0 }.joined(separator: ", ")
    }
}
