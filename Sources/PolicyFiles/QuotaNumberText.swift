/// A quota's value as written in a policy file or on `authctl quota set`'s command line.
public enum QuotaNumberText {
    /// A decimal number (`1048576`, `12.5`, `1e6`); no hexadecimal, `nan` or `inf`, which Swift's parser would take.
    public static func number(_ text: String) throws(PolicyFileFailure) -> Double {
        guard !text.isEmpty, text.allSatisfy({ "0123456789.eE+-".contains($0) }), let value = Double(text) else {
            throw PolicyFileFailure("'\(text)' is not a number")
        }
        return value
    }
}
