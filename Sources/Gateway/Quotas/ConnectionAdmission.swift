import Authorization
import NIOCore
import Synchronization

/// The gateway's open connections, counted against `ConnectionLimits` as
/// they are accepted and closed, shared by every listener. A refusal says
/// which bound it met: the `reason` label of `portcullis_connections_refused_total`.
public final class ConnectionAdmission: Sendable {
    public enum Refusal: String, Sendable {
        case maximum = "max-connections"
        case listenerMaximum = "max-connections-per-listener"
        case addressMaximum = "max-connections-per-ip"
        case blockMaximum = "max-connections-per-cidr"
        case creationRate = "connection-creation-rate"
        case addressCreationRate = "connection-creation-rate-per-ip"
        case principalMaximum = "max-connections-per-principal"

        /// The log line's words.
        var explanation: String {
            switch self {
            case .maximum: "the gateway has max.connections open"
            case .listenerMaximum: "the listener has its max.connections open"
            case .addressMaximum: "the client's address has max.connections.per.ip open"
            case .blockMaximum: "the client's address block has its max.connections.per.cidr open"
            case .creationRate: "new connections on the listener are over max.connection.creation.rate"
            case .addressCreationRate: "new connections from the client's address are over its connection_creation_rate quota"
            case .principalMaximum: "the principal has max.connections.per.principal open"
            }
        }
    }

    private struct Counts {
        var total = 0
        var byListener: [String: Int] = [:]
        var byAddress: [IPAddress: Int] = [:]
        var byBlock: [Int] = []
        var byPrincipal: [String: Int] = [:]
        var listenerBuckets: [String: TokenBucket] = [:]
        var addressBuckets: [IPAddress: TokenBucket] = [:]
    }

    public let limits: ConnectionLimits
    private let counts: Mutex<Counts>

    public init(limits: ConnectionLimits) {
        self.limits = limits
        var counts = Counts()
        counts.byBlock = Array(repeating: 0, count: limits.perBlock.count)
        self.counts = Mutex(counts)
    }

    /// Counts a connection accepted on `listener` from `address`, or says
    /// why it is refused (then nothing is counted). `addressRate`: the
    /// `connection_creation_rate` quota of the address, if any.
    func admit(listener: String, address: IPAddress, addressRate: Double?, now: NIODeadline) -> Refusal? {
        let time = Int64(now.uptimeNanoseconds)
        let blocks = limits.perBlock.indices.filter { limits.perBlock[$0].block.contains(address) }
        return counts.withLock { counts in
            if let maximum = limits.maximum, counts.total >= maximum { return .maximum }
            if let maximum = limits.perListener[listener], counts.byListener[listener, default: 0] >= maximum { return .listenerMaximum }
            if let maximum = limits.maximum(forAddress: address), counts.byAddress[address, default: 0] >= maximum { return .addressMaximum }
            if blocks.contains(where: { counts.byBlock[$0] >= limits.perBlock[$0].maximum }) { return .blockMaximum }
            let rate = limits.creationRate(forListener: listener)
            if !counts.listenerBuckets[listener, default: TokenBucket(rate: rate, now: time)].take(at: time, rate: rate) {
                return .creationRate
            }
            if let addressRate {
                if counts.addressBuckets.count >= 10_000 { counts.addressBuckets = counts.addressBuckets.filter { !$0.value.isFull(at: time) } }
                if !counts.addressBuckets[address, default: TokenBucket(rate: addressRate, now: time)].take(at: time, rate: addressRate) {
                    return .addressCreationRate
                }
            }
            counts.total += 1
            counts.byListener[listener, default: 0] += 1
            counts.byAddress[address, default: 0] += 1
            for index in blocks { counts.byBlock[index] += 1 }
            return nil
        }
    }

    /// A connection `admit` counted has closed.
    func closed(listener: String, address: IPAddress) {
        let blocks = limits.perBlock.indices.filter { limits.perBlock[$0].block.contains(address) }
        counts.withLock { counts in
            counts.total -= 1
            counts.byListener[listener, default: 1] -= 1
            if counts.byAddress[address, default: 1] <= 1 { counts.byAddress[address] = nil } else { counts.byAddress[address]! -= 1 }
            for index in blocks { counts.byBlock[index] -= 1 }
        }
    }

    /// Counts an authenticated connection of `principal`; false when it has its maximum open.
    func claim(principal: String) -> Bool {
        counts.withLock { counts in
            if let maximum = limits.perPrincipal, counts.byPrincipal[principal, default: 0] >= maximum { return false }
            counts.byPrincipal[principal, default: 0] += 1
            return true
        }
    }

    /// A connection `claim` counted has closed.
    func release(principal: String) {
        counts.withLock { counts in
            if counts.byPrincipal[principal, default: 1] <= 1 { counts.byPrincipal[principal] = nil } else { counts.byPrincipal[principal]! -= 1 }
        }
    }
}
