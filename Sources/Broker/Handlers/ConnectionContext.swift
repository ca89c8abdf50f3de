/// What a request's answer may depend on besides the request: who sent it
/// and the listener it arrived on.
struct ConnectionContext: Sendable {
    /// `/IP` of the client, as Kafka shows members' hosts.
    let clientHost: String
    /// The address of this connection's listener that clients are told to use.
    let advertised: SocketAddressSpec
}
