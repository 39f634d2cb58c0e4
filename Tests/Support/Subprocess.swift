import Foundation

/// What a finished process left: its status and output.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data

    public var output: String { String(decoding: stdout, as: UTF8.self) }
    public var errors: String { String(decoding: stderr, as: UTF8.self) }
    /// Non-empty stdout lines.
    public var lines: [String] { output.split(separator: "\n").map(String.init) }
}

/// Runs programs for tests.
public enum Subprocess {
    /// Runs `executable` with `arguments`, feeding `input` on stdin, and waits (at most
    /// `timeout` seconds; then kills it and reports status -9).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil,
                           environment: [String: String] = [:], directory: String? = nil,
                           timeout: Double = 600) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : try which(executable))
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory {
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
        }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        let collector = Collector()
        let group = DispatchGroup()
        for (pipe, index) in [(out, 0), (err, 1)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collector.set(index, data)
                group.leave()
            }
        }
        if let input {
            try? inp.fileHandleForWriting.write(contentsOf: input)
        }
        try? inp.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline {
            usleep(5_000)
        }
        var timedOut = false
        if process.isRunning {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        group.wait()
        return ProcessResult(status: timedOut ? -9 : process.terminationStatus,
                             stdout: collector.get(0), stderr: collector.get(1))
    }

    /// The full path of a program on PATH.
    public static func which(_ name: String) throws -> String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) {
                return path
            }
        }
        throw TestSetupError("\(name) is not on PATH")
    }
}

private final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var parts = [Data(), Data()]

    func set(_ index: Int, _ data: Data) { lock.withLock { parts[index] = data } }
    func get(_ index: Int) -> Data { lock.withLock { parts[index] } }
}

/// A test could not set up what it needs.
public struct TestSetupError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
