import Foundation

/// A running program whose stdin a test writes line by line and whose stdout lines it reads
/// as they come (for streaming behaviour).
public final class InteractiveProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errorPipe = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var partial = Data()
    private var ended = false

    public init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errorPipe
        try process.run()
        let thread = Thread { [self] in
            let handle = output.fileHandleForReading
            while true {
                let data = handle.availableData
                condition.withLock {
                    if data.isEmpty {
                        ended = true
                    } else {
                        partial.append(data)
                        while let newline = partial.firstIndex(of: 0x0A) {
                            lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
                            partial = Data(partial[partial.index(after: newline)...])
                        }
                    }
                    condition.broadcast()
                }
                if data.isEmpty { return }
            }
        }
        thread.start()
    }

    /// The program's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Writes a line to the program's stdin.
    public func send(_ line: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Closes the program's stdin.
    public func closeInput() throws {
        try input.fileHandleForWriting.close()
    }

    /// Waits until `predicate` holds for the lines read so far, or `timeout` seconds pass.
    @discardableResult
    public func wait(timeout: Double, until predicate: ([String]) -> Bool) -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            while !predicate(lines) && !ended && Date() < deadline {
                _ = condition.wait(until: min(deadline, Date().addingTimeInterval(0.1)))
            }
            return lines
        }
    }

    /// Waits for the program to end; returns its status.
    public func finish() -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Stops the program if it still runs.
    public func kill() {
        if process.isRunning { process.terminate() }
    }

    deinit {
        kill()
    }
}
