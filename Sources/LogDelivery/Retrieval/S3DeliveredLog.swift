import AWSSigV4
import AsyncHTTPClient
import Foundation
import KeyManagement

/// Reads back what the S3 destination delivered: the objects under a prefix,
/// with the same signed client (region, endpoint and credentials resolved as
/// the shipper resolves them).
public struct S3DeliveredLog: Sendable {
    public let bucket: String
    public let prefix: String
    private let endpoint: AWSEndpoint
    private let signer: AWSSigV4Signer

    /// `s3://BUCKET/PREFIX` (the prefix may be empty). The region from `region`
    /// or `AWS_REGION`/`AWS_DEFAULT_REGION`; the endpoint from `endpoint`,
    /// `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`; credentials from the environment.
    public init(
        url: String, region: String? = nil, endpoint: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(S3DeliveredLogError) {
        guard url.hasPrefix("s3://") else { throw .badURL(url) }
        let rest = url.dropFirst("s3://".count)
        let bucket = String(rest.prefix { $0 != "/" })
        guard !bucket.isEmpty else { throw .badURL(url) }
        self.bucket = bucket
        self.prefix = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        do {
            guard let region = region ?? value("AWS_REGION", "AWS_DEFAULT_REGION") else { throw AWSConfigurationError.missingRegion }
            self.endpoint = try AWSEndpoint(
                endpoint ?? value("AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL") ?? "https://s3.\(region).amazonaws.com"
            )
            self.signer = AWSSigV4Signer(
                credentials: try AWSCredentials.fromEnvironment(environment), region: region, service: "s3", signsPayloadHashHeader: true
            )
        } catch let error as AWSConfigurationError {
            throw .configuration(error)
        } catch {
            throw .badURL(url)
        }
    }

    /// Every object under the prefix: its key and its bytes, in key order.
    public func objects() async throws(LogDeliveryFailure) -> [(key: String, bytes: [UInt8])] {
        let httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: HTTPClient.Configuration.Timeout(connect: .seconds(10), read: .seconds(60))
            )
        )
        let client = AWSServiceClient(destination: "s3", endpoint: endpoint, signer: signer, httpClient: httpClient, timeout: .seconds(60))
        do throws(LogDeliveryFailure) {
            var objects: [(key: String, bytes: [UInt8])] = []
            for key in try await keys(client) {
                let response = try await client.send(.GET, path: "/\(bucket)/\(key)", headers: [], body: [])
                guard response.status == 200 else { throw client.failure(response) }
                objects.append((key, response.body))
            }
            try? await httpClient.shutdown()
            return objects
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
    }

    /// ListObjectsV2, page after page.
    private func keys(_ client: AWSServiceClient) async throws(LogDeliveryFailure) -> [String] {
        var keys: [String] = []
        var token: String?
        repeat {
            var query: [AWSSigV4.QueryParameter] = [("list-type", "2"), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }
            let response = try await client.send(.GET, path: "/\(bucket)", query: query, headers: [], body: [])
            guard response.status == 200 else { throw client.failure(response) }
            let text = String(decoding: response.body, as: UTF8.self)
            keys += Self.elements("Key", in: text)
            token = Self.elements("IsTruncated", in: text).first == "true" ? Self.elements("NextContinuationToken", in: text).first : nil
        } while token != nil
        return keys.sorted()
    }

    /// The texts of every `<name>…</name>` in `xml`, entities decoded (S3's listing has no nesting of the same name).
    static func elements(_ name: String, in xml: String) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(name)>"), let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) {
            found.append(decodeEntities(String(rest[open.upperBound..<close.lowerBound])))
            rest = rest[close.upperBound...]
        }
        return found
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&#13;", with: "\r").replacingOccurrences(of: "&amp;", with: "&")
    }
}

public enum S3DeliveredLogError: Error, CustomStringConvertible {
    case badURL(String)
    case configuration(AWSConfigurationError)

    public var description: String {
        switch self {
        case .badURL(let url): "expected s3://BUCKET/PREFIX, got '\(url)'"
        case .configuration(let error): "\(error)"
        }
    }
}
