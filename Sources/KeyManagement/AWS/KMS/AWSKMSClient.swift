import AWSSigV4
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import SecretHandling

/// Sends one KMS action as the JSON 1.1 protocol wants it: `POST /` with
/// `X-Amz-Target: TrentService.<Action>`, a JSON body, signed with SigV4.
struct AWSKMSClient: Sendable {
    let configuration: AWSKeyServiceConfiguration
    let httpClient: HTTPClient
    private let signer: AWSSigV4Signer

    /// Replies are small (a ListKeys page of 1,000 keys is ~150 KB).
    private static let maximumResponseBytes = 1 << 20

    init(configuration: AWSKeyServiceConfiguration) {
        self.configuration = configuration
        let timeout = TimeAmount(configuration.requestTimeout)
        self.httpClient = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup,
            configuration: HTTPClient.Configuration(
                // A redirect would replay signed requests elsewhere: KMS never sends one.
                redirectConfiguration: .disallow,
                timeout: HTTPClient.Configuration.Timeout(connect: timeout, read: timeout)
            )
        )
        self.signer = AWSSigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "kms")
    }

    func call<Response: Decodable>(
        _ operation: AWSKMSOperation,
        _ request: some Encodable,
        returning: Response.Type
    ) async throws(AWSKMSFailure) -> Response {
        var body = try await send(operation, request)
        defer { body.withUnsafeMutableReadableBytes { SecretBytes.zero($0) } }
        // Decoded from a copy that is wiped too: replies may carry a plaintext data key.
        var data = Data(buffer: body, byteTransferStrategy: .copy)
        defer { SecretBytes.zero(&data) }
        do {
            return try AWSKMSMessages.decoder().decode(Response.self, from: data)
        } catch {
            throw .malformedResponse(operation: operation, "\(error)")
        }
    }

    /// For actions whose reply says nothing this client needs (EnableKey, CreateAlias, …).
    func call(_ operation: AWSKMSOperation, _ request: some Encodable) async throws(AWSKMSFailure) {
        _ = try await send(operation, request)
    }

    private func send(_ operation: AWSKMSOperation, _ request: some Encodable) async throws(AWSKMSFailure) -> ByteBuffer {
        let payload: [UInt8]
        do {
            payload = Array(try AWSKMSMessages.encoder().encode(request))
        } catch {
            throw .unencodableRequest(operation: operation, "\(error)")
        }
        var headers: [AWSSigV4.Header] = [
            ("Host", configuration.endpoint.host),
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", operation.target),
        ]
        headers += signer.authenticationHeaders(method: "POST", path: "/", headers: headers, body: payload, date: Date())

        var httpRequest = HTTPClientRequest(url: configuration.endpoint.url)
        httpRequest.method = .POST
        for header in headers {
            httpRequest.headers.add(name: header.name, value: header.value)
        }
        httpRequest.body = .bytes(payload)

        let response: HTTPClientResponse
        var body: ByteBuffer
        do {
            response = try await httpClient.execute(httpRequest, timeout: TimeAmount(configuration.requestTimeout))
            body = try await response.body.collect(upTo: Self.maximumResponseBytes)
        } catch {
            throw .transport(operation: operation, "\(configuration.endpoint): \(error)")
        }
        guard response.status == .ok else {
            defer { body.withUnsafeMutableReadableBytes { SecretBytes.zero($0) } }
            throw AWSKMSFailure(
                operation,
                statusCode: response.status.code,
                errorTypeHeader: response.headers.first(name: "X-Amzn-ErrorType"),
                body: String(buffer: body),
                sessionToken: configuration.credentials.sessionToken
            )
        }
        return body
    }
}
