#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Overwrites secrets (keys, passwords, plaintext data keys, buffers that held
/// them) with zeros before their memory is released. A plain store right
/// before `free` is a dead store the optimiser may remove; `explicit_bzero`
/// (glibc) and `memset_s` (Darwin) are never removed.
///
/// Arrays and `Data` are zeroed in place only when uniquely referenced (a
/// shared one is copied first, and the copy is zeroed): zero the one value
/// that owns the secret.
public enum SecretBytes {
    /// `count` bytes from the system's cryptographically secure generator
    /// (getrandom on Linux): for nonces, salts, serial numbers and secrets.
    public static func random(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    public static func zero(_ bytes: UnsafeMutableRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        #if canImport(Darwin)
        _ = memset_s(base, bytes.count, 0, bytes.count)
        #else
        explicit_bzero(base, bytes.count)
        #endif
    }

    public static func zero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { zero($0) }
    }

    public static func zero(_ data: inout Data) {
        data.withUnsafeMutableBytes { zero($0) }
    }
}
