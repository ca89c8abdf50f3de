import ArgumentParser
import Logging
import Observability

/// `--log-format` and `--log-level` of the long-running commands. Service
/// logs go to standard error: swift-log's text lines by default, or JSON
/// lines (one event per line, metadata as fields) for a log collector.
struct LoggingOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Option(help: "Service log lines: text or json.")
    var logFormat: Format = .text

    @Option(help: "The least severe level logged: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    /// Sets up the process's logging; call once, before the first logger is made.
    func bootstrap() {
        let level = logLevel
        switch logFormat {
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        case .json:
            LoggingSystem.bootstrap { label in
                var handler = JSONLogHandler(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
