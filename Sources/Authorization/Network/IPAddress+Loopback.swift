extension IPAddress {
    /// 127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6.
    public var isLoopback: Bool {
        switch unmapped {
        case .v4(let value): value >> 24 == 127
        case .v6(let value): value == 1
        }
    }
}
