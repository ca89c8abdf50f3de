import AWSSigV4

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

    static func parse(_ payload: [UInt8]) throws(IamAuthenticationError) -> IamSignedToken {
        let object: [String: String]
        do throws(IamJSON.Failure) {
            object = try IamJSON.flatStringObject(payload)
        } catch .duplicateKey {
            throw .malformed("a JSON key appears twice")
        } catch .notUTF8 {
            throw .malformed("the payload is not UTF-8")
        } catch {
            throw .malformed("the payload is not a JSON object of strings")
        }
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
