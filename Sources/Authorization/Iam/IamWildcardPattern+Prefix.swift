extension IamWildcardPattern {
    /// Whether some text starting with `prefix` matches: the pattern's
    /// possible positions after reading `prefix` (a set-of-states walk, so
    /// no backtracking) are not all dead. Whatever follows can be chosen to
    /// fit the rest of the pattern. `?` reads one byte here: the prefixes
    /// asked about (an ARN up to the resource name) are ASCII.
    func couldMatchSomething(startingWith prefix: String) -> Bool {
        switch shape {
        case .anything: return true
        case .exact, .prefix:
            let text = Array(prefix.utf8)
            return text.starts(with: bytes) && shape == .prefix || bytes.starts(with: text)
        case .general:
            let star = UInt8(ascii: "*"), question = UInt8(ascii: "?")
            func closure(_ states: Set<Int>) -> Set<Int> {
                var result = states
                var queue = Array(states)
                while let state = queue.popLast() {
                    if state < bytes.count, bytes[state] == star, result.insert(state + 1).inserted { queue.append(state + 1) }
                }
                return result
            }
            var states = closure([0])
            for byte in prefix.utf8 {
                var next: Set<Int> = []
                for state in states where state < bytes.count {
                    let symbol = bytes[state]
                    if symbol == star { next.insert(state) } else if symbol == question || symbol == byte { next.insert(state + 1) }
                }
                states = closure(next)
                if states.isEmpty { return false }
            }
            return true
        }
    }

    /// Whether every text starting with `prefix` matches: `*`, or a literal
    /// part that `prefix` begins with followed by a final `*` (a sufficient
    /// test, not a complete one: `a*` and `a*` `*`-forms beyond it count as not).
    func matchesEverything(startingWith prefix: String) -> Bool {
        switch shape {
        case .anything: true
        case .prefix: Array(prefix.utf8).starts(with: bytes)
        case .exact, .general: false
        }
    }
}
