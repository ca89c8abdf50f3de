import Foundation

/// Notes and questions for the person at the terminal, kept off standard output so it stays scriptable.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
