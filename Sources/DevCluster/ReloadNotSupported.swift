import Logging
import UnixSignals

/// SIGHUP for a process with no configuration it can reload (`dev`, whose
/// settings are its options; `broker`): says so in the log instead of
/// letting the signal's default action end the process.
public enum ReloadNotSupported {
    public static func service(_ reason: String, logger: Logger) -> StoppedOnShutdown {
        StoppedOnShutdown("sighup") {
            for await _ in await UnixSignalsSequence(trapping: .sighup) {
                logger.notice("SIGHUP ignored: \(reason)")
            }
        }
    }
}
