import AWSSigV4
import StrictJSON

/// The AWS_MSK_IAM authentication payload (`aws-msk-iam-auth`, version `2020_10_22`; kafka-python's
/// `AwsMskIamClient`): lower-case JSON keys naming the presigned-URL query parameters, plus `version`,
/// `host` and `user-agent`. The canonical query is rebuilt from the signed keys; unknown keys are
/// ignored (they are not signed), repeated ones refused.
enum IamMskIamPayload {
    /// JSON key → the query parameter it stands for in the canonical request.
    private static let signedKeys: [(json: String, parameter: String)] = [
        ("action", "Action"),
        ("x-amz-algorithm", "X-Amz-Algorithm"),
        ("x-amz-credential", "X-Amz-Credential"),
        ("x-amz-date", "X-Amz-Date"),
        ("x-amz-expires", "X-Amz-Expires"),
        ("x-amz-security-token", "X-Amz-Security-Token"),
        ("x-amz-signedheaders", "X-Amz-SignedHeaders"),
    ]

    /// The payload as one JSON object whose values are all strings, read by the strict reader (a
    /// repeated key is refused: it would let a signed and an unsigned value disagree). The reasons
    /// are ours: a member name or value of the input never appears in them.
    private static func stringObject(_ payload: [UInt8]) throws(IamAuthenticationError) -> [String: String] {
        let root: JSONValue
        do throws(StrictJSONError) {
            root = try JSONValue.parse(payload)
        } catch {
            switch error.kind {
            case .duplicateMember: throw .malformed("a JSON key appears twice")
            case .invalidUTF8, .loneSurrogate: throw .malformed("the payload is not UTF-8")
            default: throw .malformed("the payload is not JSON: \(error.kind) at byte \(error.offset)")
            }
        }
        guard case .object(let members) = root else { throw .malformed("the payload is not a JSON object") }
        var object: [String: String] = [:]
        for member in members {
            guard case .string(let value) = member.value else { throw .malformed("the payload is not a JSON object of strings") }
            object[member.key] = value
        }
        return object
    }

    static func parse(_ payload: [UInt8]) throws(IamAuthenticationError) -> IamSignedToken {
        let object = try stringObject(payload)
        guard let version = object["version"] else { throw .malformed("version is missing") }
        guard version == IamToken.mskIamVersion else { throw .unsupportedVersion }
        guard let host = object["host"] else { throw .malformed("host is missing") }

        var fields: [String: String] = [:]
        var signedQuery: [AWSSigV4.QueryParameter] = []
        for key in signedKeys {
            guard let value = object[key.json] else { continue }
            fields[key.parameter] = value
            signedQuery.append((name: key.parameter, value: value))
        }
        fields["X-Amz-Signature"] = object["x-amz-signature"]
        return try IamSignedToken(
            kind: .mskIam, fields: fields, signedQuery: signedQuery, host: host, userAgent: object["user-agent"]
        )
    }
}
