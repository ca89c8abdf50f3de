import Foundation
import NIOCore
import NIOSSL
import X509

extension ChannelPipeline.SynchronousOperations {
    /// The client's leaf certificate as BoringSSL verified it in this
    /// connection's handshake, or nil when the client presented none.
    ///
    /// Valid once `TLSUserEvent.handshakeCompleted` has passed, which is
    /// always so by the time the first decrypted byte reaches a handler
    /// behind the TLS handler. Sound for handlers from `ReloadingTLSContext`:
    /// with no custom verification callback, BoringSSL fails the handshake
    /// when a presented chain does not verify against the client CAs (and,
    /// with client authentication `.none`, never asks for a certificate), so
    /// a peer certificate on a completed handshake is a verified one. Map
    /// this leaf, never a CA of the chain, to a principal.
    ///
    /// A resumed session (`SessionResumption`) carries the certificate of the
    /// full handshake that made it, verified then: its validity period is
    /// checked again here, against `now`.
    public func portcullisVerifiedClientCertificate(now: Date = Date()) throws(VerifiedClientCertificateError) -> Certificate? {
        let handler: NIOSSLHandler
        do {
            handler = try self.handler(type: NIOSSLHandler.self)
        } catch {
            throw .noTLSHandler
        }
        guard let peer = handler.peerCertificate else { return nil }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: peer.toDERBytes())
        } catch {
            throw .unparseableCertificate
        }
        try certificate.checkClientValidity(at: now)
        return certificate
    }
}

extension Certificate {
    func checkClientValidity(at now: Date) throws(VerifiedClientCertificateError) {
        guard now >= notValidBefore, now <= notValidAfter else {
            throw .outsideValidityPeriod(notValidBefore: notValidBefore, notValidAfter: notValidAfter)
        }
    }
}

extension Channel {
    /// `portcullisVerifiedClientCertificate()` from off the event loop.
    public func portcullisVerifiedClientCertificate() -> EventLoopFuture<Certificate?> {
        eventLoop.submit {
            try self.pipeline.syncOperations.portcullisVerifiedClientCertificate()
        }
    }
}
