#if canImport(Glibc)
import Glibc
#endif

/// The process figures under Prometheus' standard names (what the node
/// exporter beside an MSK broker gives), read from /proc at each scrape.
/// A figure that cannot be read is left out rather than reported as 0.
struct ProcessMetrics {
    var cpuSeconds: Double?
    var residentBytes: Double?
    var openFileDescriptors: Double?
    var startTimeSeconds: Double?

    static func read() -> ProcessMetrics {
        var metrics = ProcessMetrics()
        #if os(Linux)
        let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let stat = ProcFile.read("/proc/self/stat"), let fields = statFields(stat), fields.count > 21 {
            // Fields after the command name, numbered from 3 as in proc(5): utime 14, stime 15, starttime 22, rss 24.
            if let user = Double(fields[14 - 3]), let system = Double(fields[15 - 3]) {
                metrics.cpuSeconds = (user + system) / ticksPerSecond
            }
            if let pages = Double(fields[24 - 3]) { metrics.residentBytes = pages * pageSize }
            if let started = Double(fields[22 - 3]), let boot = bootTime() {
                metrics.startTimeSeconds = boot + started / ticksPerSecond
            }
        }
        metrics.openFileDescriptors = ProcFile.entryCount("/proc/self/fd").map { Double($0) }
        #endif
        return metrics
    }

    var exposition: String {
        var text = ""
        func add(_ name: String, _ type: String, _ help: String, _ value: Double?) {
            guard let value else { return }
            text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        add(MetricCatalog.processCPUSeconds, "counter", "Total user and system CPU time spent in seconds.", cpuSeconds)
        add(MetricCatalog.processResidentMemory, "gauge", "Resident memory size in bytes.", residentBytes)
        add(MetricCatalog.processOpenFileDescriptors, "gauge", "Number of open file descriptors.", openFileDescriptors)
        add(MetricCatalog.processStartTime, "gauge", "Start time of the process since unix epoch in seconds.",
            startTimeSeconds)
        return text
    }

    /// The fields of /proc/self/stat after the command name, which is in
    /// parentheses and may itself hold spaces and parentheses.
    private static func statFields(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    private static func bootTime() -> Double? {
        guard let stat = ProcFile.read("/proc/stat") else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst("btime ".count))
        }
        return nil
    }
}
