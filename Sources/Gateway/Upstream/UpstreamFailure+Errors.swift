import NIOCore
import NIOSSL

extension UpstreamFailure {
    /// What kind of failure an error of an upstream connection is: `otherwise`
    /// for the errors that say no more than where they happened (a refused
    /// or reset socket).
    init(_ error: any Error, otherwise: UpstreamFailure) {
        switch error {
        case is UpstreamSecurityError: self = .saslFailed
        case ChannelError.connectTimeout: self = .timeout
        case is NIOSSLError, is BoringSSLError: self = .tlsFailed
        default: self = otherwise
        }
    }
}
