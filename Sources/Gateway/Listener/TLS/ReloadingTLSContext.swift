import Logging
import NIOSSL
import SecretHandling
import Synchronization
import X509

/// A listener's server TLS context that follows its files: new connections
/// get the context made from the files as they are now, open connections
/// keep the one they started with (each `NIOSSLServerHandler` holds its own
/// reference). Files are polled every `pollInterval` by `run()`, and
/// `reload()` re-reads them at once (for SIGHUP or an admin command).
///
/// A file set that does not make a context (unreadable, malformed, a key
/// that does not match the certificate, a missing client CA) is logged as an
/// error and changes nothing: the last good context stays in use, and the
/// same broken set is not retried until one of its files changes again.
public final class ReloadingTLSContext: Sendable {
    public let listenerName: String
    public let settings: ListenerTLSSettings
    public let pollInterval: Duration
    private let logger: Logger
    private let current: Mutex<NIOSSLContext>
    /// Held for a whole reload so that the poll loop and `reload()` never
    /// race; holds the identities of the files the last attempt read.
    private let reloading: Mutex<[FileIdentity?]>

    /// Reads the files for the first time; a listener whose files are bad
    /// does not start. Blocking file I/O: never call this on an event loop.
    public init(
        settings: ListenerTLSSettings,
        listenerName: String,
        pollInterval: Duration = .seconds(1),
        logger: Logger
    ) throws(ListenerTLSError) {
        let identities = Self.identities(of: settings)
        let material = try ListenerTLSMaterial.load(settings)
        self.listenerName = listenerName
        self.settings = settings
        self.pollInterval = pollInterval
        self.logger = logger
        self.current = Mutex(try material.makeContext())
        self.reloading = Mutex(identities)
        logLoaded(material.leaf)
    }

    /// The context new connections get.
    public var context: NIOSSLContext { current.withLock { $0 } }

    /// A TLS handler for one new connection, on the current context. Call it
    /// on the connection's event loop (in the child channel initializer).
    ///
    /// BoringSSL verifies client certificates itself (no custom verification
    /// callback), so once the handshake has completed the peer certificate is
    /// one that verified: read it with `portcullisVerifiedClientCertificate()`.
    public func makeServerHandler() -> NIOSSLServerHandler {
        NIOSSLServerHandler(context: context)
    }

    /// Re-reads the files now, changed or not, and swaps in the new context.
    /// On failure the current context stays, and the error is logged and thrown.
    /// Blocking file I/O: never call this on an event loop.
    public func reload() throws(ListenerTLSError) {
        try reloading.withLock { (lastAttempt: inout [FileIdentity?]) throws(ListenerTLSError) in
            lastAttempt = Self.identities(of: settings)
            try load()
        }
    }

    /// Polls the files every `pollInterval` and reloads when one has changed,
    /// until the task is cancelled.
    public func run() async {
        while true {
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                return
            }
            reloadIfChanged()
        }
    }

    /// One poll: reloads when a file's identity differs from the last attempt's.
    func reloadIfChanged() {
        reloading.withLock { lastAttempt in
            let identities = Self.identities(of: settings)
            guard identities != lastAttempt else { return }
            // Recorded before reading: a file that changes during the read is
            // seen as changed again by the next poll, never missed.
            lastAttempt = identities
            try? load()
        }
    }

    /// Nil for a file that cannot be stat'ed: a file that disappears is a
    /// change too, and the reload that follows reports why.
    private static func identities(of settings: ListenerTLSSettings) -> [FileIdentity?] {
        settings.filePaths.map { try? FileIdentity.current(at: $0) }
    }

    private func load() throws(ListenerTLSError) {
        let material: ListenerTLSMaterial
        let context: NIOSSLContext
        do {
            material = try ListenerTLSMaterial.load(settings)
            context = try material.makeContext()
        } catch {
            logger.error(
                "TLS files rejected; the previous certificate stays in use",
                metadata: ["listener": "\(listenerName)", "error": "\(error)"]
            )
            throw error
        }
        current.withLock { $0 = context }
        logLoaded(material.leaf)
    }

    private func logLoaded(_ certificate: Certificate) {
        logger.notice(
            "TLS certificate loaded",
            metadata: [
                "listener": "\(listenerName)",
                "subject": "\(certificate.subject)",
                "serial": "\(certificate.serialNumber)",
                "not-valid-after": "\(certificate.notValidAfter)",
            ]
        )
    }
}
