import Foundation

/// Why one KMS call failed, before it is given a meaning for `KeyService`.
enum AWSKMSFailure: Error, Sendable {
    /// KMS answered with an error: its type (`NotFoundException`) and message.
    case service(operation: AWSKMSOperation, type: String, message: String)
    /// KMS could not be reached or did not answer in time.
    case transport(operation: AWSKMSOperation, String)
    /// KMS answered with something this client cannot read.
    case malformedResponse(operation: AWSKMSOperation, String)
    /// The request did not encode as JSON (not expected of these plain message types).
    case unencodableRequest(operation: AWSKMSOperation, String)

    /// An error reply: type and message from the JSON body (`__type`,
    /// `message`), else from an XML `<Error>` (how moto reports failed
    /// authentication), else the `X-Amzn-ErrorType` header or the HTTP status.
    /// The message may end up in logs: it never echoes the session token and is kept short.
    init(_ operation: AWSKMSOperation, statusCode: UInt, errorTypeHeader: String?, body text: String, sessionToken: String?) {
        let json = try? AWSKMSMessages.decoder().decode(AWSKMSMessages.ErrorBody.self, from: Data(text.utf8))
        let rawType = json?.type ?? Self.xmlElement("Code", in: text) ?? errorTypeHeader
        var message = json?.message ?? Self.xmlElement("Message", in: text) ?? (rawType == nil ? text : "")
        if let sessionToken {
            message = message.replacingOccurrences(of: sessionToken, with: "<redacted>")
        }
        self = .service(
            operation: operation,
            type: rawType.map(Self.errorType) ?? "HTTP \(statusCode)",
            message: String(message.prefix(300))
        )
    }

    /// The `KeyServiceError` for this failure; `subject` is the key id or alias the call was about.
    func keyServiceError(subject: String) -> KeyServiceError {
        switch self {
        case .service(_, "NotFoundException", _):
            .keyNotFound(subject)
        case .service(_, "DisabledException", _), .service(_, "KMSInvalidStateException", _):
            .keyDisabled(subject)
        case .service(_, "InvalidCiphertextException", _), .service(_, "IncorrectKeyException", _):
            .invalidCiphertext
        case .service(_, "AlreadyExistsException", _):
            .aliasInUse(subject)
        case .service(let operation, let type, let message) where Self.transientErrorTypes.contains(type):
            .unavailable("AWS KMS \(operation.rawValue) failed: \(type)\(message.isEmpty ? "" : ": \(message)")")
        case .service(let operation, let type, let message):
            .serviceFailure("AWS KMS \(operation.rawValue) failed: \(type)\(message.isEmpty ? "" : ": \(message)")")
        case .transport(let operation, let reason):
            .unavailable("AWS KMS \(operation.rawValue) failed: \(reason)")
        case .malformedResponse(let operation, let reason):
            .serviceFailure("AWS KMS \(operation.rawValue) returned an unreadable response: \(reason)")
        case .unencodableRequest(let operation, let reason):
            .serviceFailure("AWS KMS \(operation.rawValue) request could not be encoded: \(reason)")
        }
    }

    /// Errors KMS documents as passing: the request may succeed when retried.
    private static let transientErrorTypes: Set<String> = [
        "KMSInternalException", "DependencyTimeoutException", "ThrottlingException",
    ]

    /// How `portcullis_kms_requests_total` counts it: no answer is `unreachable`, any other failure `failure`.
    var requestResult: KMSRequestCounter.Result {
        if case .transport = self { return .unreachable }
        return .failure
    }

    private static func xmlElement(_ name: String, in text: String) -> String? {
        guard let start = text.range(of: "<\(name)>"), let end = text.range(of: "</\(name)>", range: start.upperBound..<text.endIndex)
        else { return nil }
        return String(text[start.upperBound..<end.lowerBound])
    }

    /// The error type from a `__type` (`com.amazonaws.kms#NotFoundException`)
    /// or `X-Amzn-ErrorType` (`NotFoundException:http://…`) value.
    private static func errorType(_ raw: String) -> String {
        let afterNamespace = raw.split(separator: "#", omittingEmptySubsequences: false).last ?? Substring(raw)
        return String(afterNamespace.prefix { $0 != ":" })
    }
}
