import AWSSigV4
import AsyncHTTPClient
import Foundation
import KeyManagement
import NIOCore
import NIOHTTP1

/// Sends SigV4-signed requests to one AWS service endpoint.
struct AWSServiceClient: Sendable {
    let destination: String
    let endpoint: AWSEndpoint
    let signer: AWSSigV4Signer
    let httpClient: HTTPClient
    let timeout: Duration

    /// Error replies are short; success replies (PutRecords with 500 results) well under this.
    private static let maximumResponseBytes = 4 << 20

    struct Response {
        var status: UInt
        var body: [UInt8]
    }

    /// `path` decoded (`/bucket/key`), and `query`'s names and values: each is encoded once, as sent and as signed.
    func send(
        _ method: HTTPMethod, path: String = "/", query: [AWSSigV4.QueryParameter] = [], headers: [AWSSigV4.Header], body: [UInt8]
    ) async throws(LogDeliveryFailure) -> Response {
        var signed: [AWSSigV4.Header] = [("Host", endpoint.host)] + headers
        signed += signer.authenticationHeaders(
            method: method.rawValue, path: path, query: query, headers: signed, body: body, date: Date()
        )
        var url = endpoint.url + AWSSigV4.uriEncode(String(path.dropFirst()), encodingSlash: false)
        if !query.isEmpty { url += "?" + AWSSigV4.canonicalQuery(query) }
        var request = HTTPClientRequest(url: url)
        request.method = method
        for header in signed {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(body)
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout))
            let body = try await response.body.collect(upTo: Self.maximumResponseBytes)
            return Response(status: response.status.code, body: Array(buffer: body))
        } catch {
            throw LogDeliveryFailure(destination: destination, message: "\(endpoint): \(error)")
        }
    }

    /// A failure for a reply that is not a success.
    func failure(_ response: Response) -> LogDeliveryFailure {
        LogDeliveryFailure(
            destination: destination, statusCode: response.status, body: response.body,
            sessionToken: signer.credentials.sessionToken
        )
    }
}

extension AWSServiceClient {
    /// One action of a JSON 1.1 API (CloudWatch Logs, Kinesis): `POST /` with `X-Amz-Target`.
    func post(target: String, _ request: some Encodable) async throws(LogDeliveryFailure) -> Response {
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(request))
        } catch {
            throw LogDeliveryFailure(destination: destination, message: "cannot encode \(target): \(error)")
        }
        return try await send(
            .POST,
            headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", target)],
            body: body
        )
    }
}
