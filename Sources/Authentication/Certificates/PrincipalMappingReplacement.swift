/// A rule's replacement, with the meaning Java's `Matcher.replaceAll` gives it plus Kafka's tweak:
/// `\c` is the character c, `$n` a numbered group, `${name}` a named group, anything else itself.
/// A `$n` beyond the pattern's groups loses trailing digits until it names one; if none is left it is
/// literal text, as Kafka's SslPrincipalMapper makes it (it came from Apache NiFi).
struct PrincipalMappingReplacement: Sendable {
    private enum Piece: Sendable {
        case text(String)
        /// The digits after `$`, resolved against the group count of each match.
        case numberedGroup(digits: String)
        case namedGroup(String)
    }

    private let pieces: [Piece]

    /// Parses `template`; the error is a reason phrase for ``PrincipalMappingError/invalidReplacement(rule:reason:)``.
    init(parsing template: Substring) throws(ReplacementSyntaxError) {
        var pieces: [Piece] = []
        var text = ""
        var rest = template.unicodeScalars[...]
        while let scalar = rest.popFirst() {
            switch scalar {
            case "\\":
                guard let escaped = rest.popFirst() else { throw ReplacementSyntaxError(reason: "character to be escaped is missing") }
                text.unicodeScalars.append(escaped)
            case "$":
                if !text.isEmpty { pieces.append(.text(text)); text = "" }
                pieces.append(try Self.groupReference(after: &rest))
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
    }

    private static func groupReference(after rest: inout Substring.UnicodeScalarView.SubSequence) throws(ReplacementSyntaxError) -> Piece {
        if rest.first == "{" {
            rest.removeFirst()
            guard let close = rest.firstIndex(of: "}") else { throw ReplacementSyntaxError(reason: "named group is missing trailing '}'") }
            let name = String(String.UnicodeScalarView(rest[..<close]))
            // Java's group names: an ASCII letter, then ASCII letters and digits.
            guard let first = name.unicodeScalars.first, first.isASCIILetter,
                  name.unicodeScalars.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit }) else {
                throw ReplacementSyntaxError(reason: "invalid group name")
            }
            rest = rest[rest.index(after: close)...]
            return .namedGroup(name)
        }
        let digits = rest.prefix(while: \.isASCIIDigit)
        guard !digits.isEmpty else { throw ReplacementSyntaxError(reason: "illegal group reference") }
        rest = rest[digits.endIndex...]
        return .numberedGroup(digits: String(String.UnicodeScalarView(digits)))
    }

    /// The replacement text for one match; throws the group reference that the match does not have.
    func expand(_ match: Regex<AnyRegexOutput>.Match) throws(MissingGroup) -> String {
        let groupCount = match.output.count - 1
        var expanded = ""
        for piece in pieces {
            switch piece {
            case .text(let text):
                expanded += text
            case .namedGroup(let name):
                guard let group = match.output[name] else { throw MissingGroup(reference: "${\(name)}") }
                expanded += group.substring ?? ""
            case .numberedGroup(let digits):
                // The longest leading run of digits that names a group: what both Java and Kafka pick.
                var number = digits[...]
                while number.count > 1, (Int(number) ?? .max) > groupCount { number = number.dropLast() }
                guard let index = Int(number), index <= groupCount else {
                    // Kafka leaves such a reference as text, except when there are no groups to choose from,
                    // where Java throws.
                    guard groupCount > 0 else { throw MissingGroup(reference: "$\(digits)") }
                    expanded += "$\(digits)"
                    continue
                }
                expanded += (match.output[index].substring ?? "") + digits.dropFirst(number.count)
            }
        }
        return expanded
    }

    struct ReplacementSyntaxError: Error {
        let reason: String
    }

    struct MissingGroup: Error {
        let reference: String
    }
}

private extension Unicode.Scalar {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
