// The one libFuzzer entry point every fuzzer executable in this package uses.
//
// `-parse-as-library` with an `LLVMFuzzerTestOneInput` fails to link under
// SwiftPM on Linux, so each fuzzer is an ordinary executable whose main.swift
// hands libFuzzer its callback through `LLVMFuzzerRunDriver` (see DESIGN.md,
// "Fuzzing with SwiftPM on Linux"). Build and run them with scripts/fuzz.sh.
//
// Every libFuzzer flag works as usual (`-runs=`, `-max_total_time=`, a crash
// file to reproduce it, `-minimize_crash=1`, ...).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The check libFuzzer runs on each input: the findings (broken invariants) it
/// found, empty when the input is fine.
public typealias FuzzCheck = (UnsafeRawBufferPointer) -> [String]

nonisolated(unsafe) private var installedCheck: FuzzCheck?
nonisolated(unsafe) private var installedName = ""

/// Runs libFuzzer with the process's arguments, `check` on every input, and
/// exits with libFuzzer's status. A finding calls `fatalError` (the findings
/// after `name`), so libFuzzer saves the input as a crash.
public func runLibFuzzer(name: String, check: @escaping FuzzCheck) -> Never {
    installedName = name
    installedCheck = check
    let callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
        let bytes = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
        let findings = installedCheck!(bytes)
        if !findings.isEmpty {
            // A finding is a bug: stop here so that libFuzzer saves the input as a crash.
            fatalError("\(installedName) finding:\n  " + findings.joined(separator: "\n  "))
        }
        return 0
    }
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, callback))
}

/// Writes `message` and a newline to standard error (a usage error before
/// libFuzzer starts), without touching the C library's shared `stderr`.
public func printToStandardError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { bytes in
        var done = 0
        while done < bytes.count {
            let written = write(2, bytes.baseAddress! + done, bytes.count - done)
            if written <= 0 { return }
            done += written
        }
    }
}
