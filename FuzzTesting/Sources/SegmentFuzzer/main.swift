// libFuzzer entry point for the broker's log files read back at startup
// (SegmentFuzzChecks: recovery of one partition directory unpacked from the
// input). Run by FuzzDriver's `runLibFuzzer`, built and run by scripts/fuzz.sh.
//
//   SegmentFuzzer --write-seeds DIR   writes the seed inputs (logs the broker's
//                                     own code wrote) into DIR and exits
import FuzzDriver
import Foundation
import SegmentFuzzChecks

let arguments = CommandLine.arguments
if arguments.count == 3, arguments[1] == "--write-seeds" {
    let directory = arguments[2]
    final class Outcome: @unchecked Sendable { var result: Result<[(name: String, bytes: [UInt8])], any Error>? }
    let outcome = Outcome()
    let done = DispatchSemaphore(value: 0)
    // Detached: top-level code is on the main actor, which the semaphore below blocks.
    Task.detached {
        do { outcome.result = .success(try await SegmentFuzzChecks.makeSeeds()) } catch { outcome.result = .failure(error) }
        done.signal()
    }
    done.wait()
    do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, bytes) in try outcome.result!.get() {
            try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
            let findings = SegmentFuzzChecks.checkBlocking(bytes)
            print("\(name): \(bytes.count) bytes\(findings.isEmpty ? "" : ", FINDINGS: \(findings)")")
        }
    } catch {
        print("SegmentFuzzer: writing the seeds failed: \(error)")
        exit(1)
    }
    exit(0)
}

runLibFuzzer(name: "SegmentFuzzer") { SegmentFuzzChecks.checkBlocking(Array($0)) }
