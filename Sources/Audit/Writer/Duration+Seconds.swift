extension Duration {
    /// In seconds, as `Date` and the metrics take them.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
