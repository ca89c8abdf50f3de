import NIOSSL

extension ListenerTLSSettings {
    /// Reads and checks the files and makes a server context from them, as
    /// `ReloadingTLSContext` does on every change. Blocking file I/O: never
    /// call this on an event loop.
    public func makeServerContext() throws(ListenerTLSError) -> NIOSSLContext {
        try ListenerTLSMaterial.load(self).makeContext()
    }
}
