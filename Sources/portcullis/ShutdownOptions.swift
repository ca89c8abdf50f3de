import ArgumentParser
import DevCluster

/// `--shutdown-grace-seconds` of the long-running commands.
struct ShutdownOptions: ParsableArguments {
    @Option(help: "Seconds a SIGTERM or SIGINT gives the process to stop its parts in order (stop accepting, finish, flush the decision log, close the logs) before what is left is cancelled.")
    var shutdownGraceSeconds: Int = 30

    var grace: Duration { .seconds(shutdownGraceSeconds) }

    func validate() throws {
        guard shutdownGraceSeconds > 0 else { throw ValidationError("--shutdown-grace-seconds must be at least 1") }
    }
}
