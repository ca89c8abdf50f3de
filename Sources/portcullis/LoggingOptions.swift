import ArgumentParser
import Logging
import Observability

/// `--log-format`, `--log-level` and the service log's files, for the
/// long-running commands. Service logs go to standard error: swift-log's text
/// lines by default, or JSON lines (one event per line, metadata as fields)
/// for a log collector; with a log directory also to rotated files
/// `DIR/service-NNNNNN.jsonl`, always JSON lines.
struct LoggingOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case json
    }

    @Option(help: "Service log lines on standard error: text or json.")
    var logFormat: Format = .text

    @Option(help: "The least severe level logged: trace, debug, info, notice, warning, error or critical.")
    var logLevel: Logger.Level = .info

    @Option(
        name: .customLong("log-dir"),
        help: "Also write the service log as JSON lines to rotated files DIR/service-NNNNNN.jsonl (gateway.properties: service.log.dir)."
    )
    var logDirectory: String?

    @Option(help: "Start a new service-log file before one would pass this many bytes (default 16777216).")
    var logFileMaxBytes: Int?

    @Option(help: "Service-log files kept, the oldest deleted (default 10).")
    var logFileMaxCount: Int?

    func validate() throws {
        if let logFileMaxBytes, logFileMaxBytes < 4096 { throw ValidationError("--log-file-max-bytes must be at least 4096") }
        if let logFileMaxCount, logFileMaxCount < 2 { throw ValidationError("--log-file-max-count must be at least 2") }
    }

    /// `settings` (from a configuration file, or a command's default directory) with these options over them.
    func serviceLog(over settings: ServiceLogSettings = ServiceLogSettings()) -> ServiceLogSettings {
        var settings = settings
        if let logDirectory { settings.directory = logDirectory }
        if let logFileMaxBytes { settings.maximumFileBytes = logFileMaxBytes }
        if let logFileMaxCount { settings.maximumFiles = logFileMaxCount }
        return settings
    }

    /// Sets up the process's logging; call once, before the first logger is made.
    /// Returns the service log's files when `files` names a directory.
    @discardableResult
    func bootstrap(files: ServiceLogSettings = ServiceLogSettings()) throws -> RotatingLogFile? {
        let file: RotatingLogFile?
        do {
            file = try files.open()
        } catch {
            throw ValidationError("service log: \(error)")
        }
        let level = logLevel
        switch logFormat {
        case .text:
            LoggingSystem.bootstrap { label in
                var standardError = StreamLogHandler.standardError(label: label)
                standardError.logLevel = level
                guard let file else { return standardError }
                var json = JSONLogHandler(label: label, outputs: [file])
                json.logLevel = level
                return MultiplexLogHandler([standardError, json])
            }
        case .json:
            var outputs: [any LogLineWriter] = [LineOutput.standardError]
            if let file { outputs.append(file) }
            LoggingSystem.bootstrap { [outputs] label in
                var handler = JSONLogHandler(label: label, outputs: outputs)
                handler.logLevel = level
                return handler
            }
        }
        return file
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
