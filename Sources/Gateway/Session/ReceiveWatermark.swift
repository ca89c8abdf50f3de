#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// While a large request is still arriving, asks the kernel to wake the
/// connection only once much of its remainder is there (SO_RCVLOWAT),
/// rather than once per TCP segment.
///
/// Why: librdkafka over TLS writes each piece of a produce request as its own
/// small TLS record and segment, and a gateway that keeps up wakes, reads and
/// decrypts them one by one; that per-segment cost, not the cipher, was most
/// of the gateway's CPU on produce (docs/gateway.md, Performance).
///
/// Never stalls: the watermark stays below the bytes that must still come
/// before the frame is whole, less what a TLS handler may already hold of an
/// incomplete record, so the kernel always reaches it (a closed or failed
/// socket wakes the reader regardless). Small frames and a frame's last
/// bytes are read as they arrive.
struct ReceiveWatermark {
    /// Plaintext a TLS handler can hold in one incomplete record (16 KiB) and then some.
    static let tlsSlack = 17 * 1024
    /// Below this, waking per segment costs too little to be worth a system call.
    static let smallest = 32 * 1024
    /// The kernel also caps it at half the receive buffer, which it grows to match.
    static let largest = 256 * 1024
    private static let option = ChannelOptions.Types.SocketOption(level: .socket, name: .init(rawValue: SO_RCVLOWAT))

    private var current = 1

    /// The watermark for `remaining` bytes still to come of the current frame (1: wake for any byte).
    static func level(forRemaining remaining: Int) -> Int {
        let level = min(remaining - tlsSlack, largest)
        return level >= smallest ? level : 1
    }

    /// Sets the socket's watermark for the frame's remaining bytes, when it changes.
    mutating func update(remaining: Int, on channel: any Channel) throws {
        let wanted = Self.level(forRemaining: remaining)
        guard wanted != current, let options = channel.syncOptions else { return }
        try options.setOption(Self.option, value: SocketOptionValue(wanted))
        current = wanted
    }
}
