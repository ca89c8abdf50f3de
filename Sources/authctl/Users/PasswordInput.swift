#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SecretHandling

/// Reads a password as one line of standard input into a buffer the caller zeroes,
/// without echo when standard input is a terminal. Never puts the password in a String.
enum PasswordInput {
    static let maximumByteCount = 1024

    /// The line without its `\n` (or `\r\n`). Zero the result with `SecretBytes.zero` when done.
    static func readLine() throws(PasswordInputError) -> [UInt8] {
        let echo = EchoSuppression()
        defer { echo.restore() }
        var password: [UInt8] = []
        // Reserved up front so the array never reallocates and leaves copies behind.
        password.reserveCapacity(maximumByteCount + 2)
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count < 0 {
                if errno == EINTR { continue }
                SecretBytes.zero(&password)
                throw .unreadable
            }
            if count == 0 || byte == UInt8(ascii: "\n") { break }
            guard password.count <= maximumByteCount else {
                SecretBytes.zero(&password)
                throw .tooLong
            }
            password.append(byte)
        }
        if password.last == UInt8(ascii: "\r") { password.removeLast() }
        guard password.count <= maximumByteCount else {
            SecretBytes.zero(&password)
            throw .tooLong
        }
        guard !password.isEmpty else { throw .empty }
        guard isUTF8(password) else {
            SecretBytes.zero(&password)
            throw .notUTF8
        }
        return password
    }

    /// Kafka's clients send a password's UTF-8 bytes, so bytes that are not UTF-8 could never match.
    private static func isUTF8(_ bytes: [UInt8]) -> Bool {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

enum PasswordInputError: Error, CustomStringConvertible {
    case empty
    case tooLong
    case notUTF8
    case unreadable

    var description: String {
        switch self {
        case .empty: "no password on standard input (pipe it in, e.g. `printf '%s\\n' \"$PASSWORD\" | authctl scram set …`)"
        case .tooLong: "the password is longer than \(PasswordInput.maximumByteCount) bytes"
        case .notUTF8: "the password is not valid UTF-8"
        case .unreadable: "cannot read standard input"
        }
    }
}

/// Turns terminal echo off for as long as it lives, when standard input is a terminal.
private struct EchoSuppression {
    private let saved: termios?

    init() {
        var settings = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &settings) == 0 else {
            saved = nil
            return
        }
        saved = settings
        settings.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
        writeToTerminal("Password: ")
    }

    func restore() {
        guard var settings = saved else { return }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &settings)
        writeToTerminal("\n")
    }

    /// The prompt goes to standard error, so standard output stays scriptable.
    private func writeToTerminal(_ text: StaticString) {
        _ = write(STDERR_FILENO, text.utf8Start, text.utf8CodeUnitCount)
    }
}
