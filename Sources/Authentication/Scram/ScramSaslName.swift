/// RFC 5802's saslname: a username or authzid with "," sent as "=2C" and "=" as "=3D".
enum ScramSaslName {
    /// The name `encoded` stands for, or nil when it is empty or holds an "=" that starts neither escape.
    static func decode(_ encoded: Substring) -> String? {
        guard !encoded.isEmpty else { return nil }
        var decoded = ""
        var rest = encoded[...]
        while let equals = rest.firstIndex(of: "=") {
            decoded += rest[..<equals]
            let escape = rest[equals...].prefix(3)
            switch escape {
            case "=2C": decoded += ","
            case "=3D": decoded += "="
            default: return nil
            }
            rest = rest[escape.endIndex...]
        }
        return decoded + rest
    }
}
