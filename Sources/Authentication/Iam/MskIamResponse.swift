import StrictJSON

/// The server's answer to a successful AWS_MSK_IAM exchange. The Java client parses it as JSON and
/// checks `version`, so the exact keys matter; kafka-python only checks that it is not empty.
public enum MskIamResponse {
    public static func success(requestId: String) -> [UInt8] {
        Array("{\"version\":\"\(IamToken.mskIamVersion)\",\"request-id\":\(JSONValue.quoted(requestId))}".utf8)
    }
}
