import Foundation
import Gateway
import Logging
import UnixSignals

/// SIGHUP reloads a running gateway's configuration file: what can change
/// at runtime is applied (`ConfigurationReload`), the rest is named in the
/// log as needing a restart, and a file that does not read or parse is
/// refused with its FILE:LINE error, changing nothing.
struct ConfigurationReloader: Sendable {
    let path: String
    let startupText: String
    let policy: PolicyHolder
    let logger: Logger

    func run() async {
        var applied = startupText
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                logger.error("configuration reload refused", metadata: ["file": "\(path)", "error": "\(error.localizedDescription)"])
                continue
            }
            let reload: ConfigurationReload
            do {
                reload = try ConfigurationReload(running: startupText, applied: applied, new: text)
            } catch {
                let location = error.line > 0 ? "\(path):\(error.line)" : path
                logger.error("configuration reload refused", metadata: ["error": "\(location): \(error.message)"])
                continue
            }
            if !reload.applied.isEmpty { policy.replace(settings: reload.configuration.authorization) }
            applied = text
            logger.notice("configuration reloaded", metadata: [
                "file": "\(path)",
                "applied": "\(reload.applied.joined(separator: ","))",
                "needs-restart": "\(reload.needingRestart.joined(separator: ","))",
            ])
        }
    }
}
