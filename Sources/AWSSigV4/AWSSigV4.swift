import Crypto
import Foundation

/// AWS Signature Version 4: the pieces a signer and a verifier share.
///
/// Each step of the algorithm is its own function (canonical request, string
/// to sign, signing key, signature) so that a verifier can rebuild exactly
/// what a client signed; `AWSSigV4Signer` only strings them together.
/// Reference: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
public enum AWSSigV4 {
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// An HTTP header as signed: names are compared without regard to case.
    public typealias Header = (name: String, value: String)
    /// A query parameter, decoded (it is encoded during canonicalisation).
    public typealias QueryParameter = (name: String, value: String)

    /// The request time in the form SigV4 signs and sends (`X-Amz-Date`), e.g. `20150830T123600Z`.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(timestampStyle)
    }

    private static let timestampStyle = Date.ISO8601FormatStyle(
        dateSeparator: .omitted, dateTimeSeparator: .standard, timeSeparator: .omitted, timeZone: .gmt
    )

    /// Lower-case hex SHA-256 of a payload, as the canonical request and `X-Amz-Content-SHA256` carry it.
    public static func payloadHash(_ payload: some DataProtocol) -> String {
        hex(SHA256.hash(data: payload))
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

extension AWSSigV4 {
    /// Where a signature is valid: `20150830/us-east-1/service/aws4_request`.
    public struct CredentialScope: Hashable, Sendable, CustomStringConvertible {
        /// The UTC day, `yyyyMMdd`.
        public var date: String
        public var region: String
        public var service: String

        public init(date: String, region: String, service: String) {
            self.date = date
            self.region = region
            self.service = service
        }

        /// The scope for a request made at `timestamp` (`yyyyMMddTHHmmssZ`).
        public init(timestamp: String, region: String, service: String) {
            self.init(date: String(timestamp.prefix(8)), region: region, service: service)
        }

        public var description: String { "\(date)/\(region)/\(service)/aws4_request" }
    }
}
