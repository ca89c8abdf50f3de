import Authentication

/// What one fuzz input goes through in the authentication parsers that read
/// unauthenticated bytes: a SCRAM server exchange and the two IAM token
/// formats. Shared by the libFuzzer driver (FuzzTesting/SecurityFuzzer, via
/// a symlink) and `AuthenticationFuzzRegressionTests`, which replays saved
/// inputs. Thrown errors are expected; a finding is an invariant broken
/// (a trap or crash is one too, caught by the fuzzer itself).
public enum AuthenticationFuzzChecks {
    /// Marks where the client-final message takes the server's combined
    /// nonce, which is random per exchange: without it the fuzzer could never
    /// get past the nonce check to the proof.
    public static let nonceMarker = Array("@NONCE@".utf8)
    /// Separates the client-first from the client-final message in an input.
    public static let messageSeparator: UInt8 = 0x00

    /// The input's first byte picks the mechanism; the rest is client-first,
    /// a zero byte, client-final. The user `alice` exists; no input knows her
    /// password, so an exchange that completes is a finding.
    public static func checkScram(_ input: [UInt8]) -> [String] {
        guard let first = input.first else { return [] }
        let mechanism: ScramMechanism = first & 1 == 0 ? .sha256 : .sha512
        let body = input.dropFirst()
        let parts = body.split(separator: messageSeparator, maxSplits: 1, omittingEmptySubsequences: false)
        let credential = Self.credential(mechanism)
        var exchange = ScramServerExchange(mechanism: mechanism) { $0 == "alice" ? credential : nil }
        let serverFirst: [UInt8]
        do {
            serverFirst = try exchange.receiveClientFirst(Array(parts[0]))
        } catch {
            return []
        }
        guard parts.count == 2, let nonce = combinedNonce(in: serverFirst) else { return [] }
        let clientFinal = replacing(nonceMarker, with: nonce, in: Array(parts[1]))
        do {
            let (_, username) = try exchange.receiveClientFinal(clientFinal)
            return ["SCRAM exchange completed without the password (user \(username))"]
        } catch {
            return []
        }
    }

    /// The input as an OAUTHBEARER client-first message and as an AWS_MSK_IAM payload.
    public static func checkIamToken(_ input: [UInt8]) -> [String] {
        var findings: [String] = []
        for (name, parse) in [("OAUTHBEARER", IamToken.parseOAuthBearer(clientFirstMessage:)),
                              ("AWS_MSK_IAM", IamToken.parseMskIam(payload:))] as [(String, ([UInt8]) throws -> IamSignedToken)] {
            guard (try? parse(input)) != nil else { continue }
            if input.count > IamToken.maximumTokenBytes {
                findings.append("\(name): a token of \(input.count) bytes was parsed (limit \(IamToken.maximumTokenBytes))")
            }
        }
        return findings
    }

    private static let credentials: [ScramMechanism: ScramCredential] = Dictionary(uniqueKeysWithValues: ScramMechanism.allCases.map {
        ($0, try! ScramCredential.derive(mechanism: $0, password: Array("not in any input".utf8),
                                         salt: Array("fuzz-salt".utf8), iterations: ScramMechanism.minimumIterations))
    })

    private static func credential(_ mechanism: ScramMechanism) -> ScramCredential {
        credentials[mechanism]!
    }

    /// The `r=` attribute of a server-first message.
    private static func combinedNonce(in serverFirst: [UInt8]) -> [UInt8]? {
        for attribute in serverFirst.split(separator: UInt8(ascii: ",")) where attribute.starts(with: [UInt8(ascii: "r"), UInt8(ascii: "=")]) {
            return Array(attribute.dropFirst(2))
        }
        return nil
    }

    private static func replacing(_ marker: [UInt8], with replacement: [UInt8], in bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: marker) {
                result += replacement
                index += marker.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }
}
