import ArgumentParser

/// `--output` of `check`: a verdict is not a table, so it is text or JSON.
enum CheckOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
