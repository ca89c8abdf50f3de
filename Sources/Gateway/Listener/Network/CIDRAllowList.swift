import Authorization
import NIOCore

/// The client addresses a listener accepts, security-group style: an
/// address in any block is allowed. No blocks at all (the default, and what
/// an absent setting means) allows every address.
public struct CIDRAllowList: Sendable, Hashable, CustomStringConvertible {
    public let blocks: [CIDRBlock]

    public static let everyAddress = CIDRAllowList([])

    public init(_ blocks: [CIDRBlock]) {
        self.blocks = blocks
    }

    /// All entries or none: one bad entry fails the whole list, since a list
    /// that silently lost an entry could end up empty, which allows everyone.
    public init(parsing entries: [String]) throws(CIDRBlockParseError) {
        var blocks: [CIDRBlock] = []
        for entry in entries { blocks.append(try CIDRBlock(entry)) }
        self.init(blocks)
    }

    public var allowsEveryAddress: Bool { blocks.isEmpty }

    public func allows(_ address: IPAddress) -> Bool {
        allowsEveryAddress || blocks.contains { $0.contains(address) }
    }

    /// A socket's peer: a restricted list refuses one whose address is
    /// unknown or not IP (fails closed).
    public func allows(_ address: SocketAddress?) -> Bool {
        if allowsEveryAddress { return true }
        guard let address, let ipAddress = IPAddress(address) else { return false }
        return allows(ipAddress)
    }

    public var description: String {
        allowsEveryAddress ? "every address" : blocks.map(\.description).joined(separator: ", ")
    }
}
