import Foundation

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

extension LogDeliveryFailure {
    /// From an AWS error reply: the code from the JSON `__type` or the XML
    /// `<Code>`, and the start of the body with the session token taken out.
    init(destination: String, statusCode: UInt, body: [UInt8], sessionToken: String?) {
        var text = String(decoding: body.prefix(2048), as: UTF8.self)
        if let sessionToken {
            text = text.replacingOccurrences(of: sessionToken, with: "<redacted>")
        }
        self.init(destination: destination, statusCode: statusCode, errorCode: Self.errorCode(in: text), message: text)
    }

    private static func errorCode(in text: String) -> String? {
        if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
           let type = object["__type"] as? String {
            // `com.amazonaws.logs#ResourceNotFoundException` → the name after `#`.
            return String(type.split(separator: "#").last ?? Substring(type))
        }
        guard let start = text.range(of: "<Code>"), let end = text.range(of: "</Code>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
