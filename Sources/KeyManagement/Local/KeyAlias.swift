/// Alias names in AWS KMS's form, `alias/NAME`.
enum KeyAlias {
    static let prefix = "alias/"

    /// `NAME` or `alias/NAME` as stored (`alias/NAME`), or nil when the name
    /// has characters AWS does not allow or is empty or too long.
    static func normalized(_ name: String) -> String? {
        let bare = name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
        let allowed = bare.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "-")
        }
        guard allowed, !bare.isEmpty, bare.utf8.count <= 250 else { return nil }
        return prefix + bare
    }
}
