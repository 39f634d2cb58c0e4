import Glibc

/// The conventions of one tool run, set up once at the start of `run()`: diagnostics on
/// stderr, records on stdout, progress, `--strict`, SIGPIPE/EPIPE handling and the kind of the
/// first failure. A `ToolCommand` (ReelCLI) makes one from the parsed command line, performs its
/// run with it and ends the process with the exit status that failure maps to.
///
/// ```swift
/// static let toolName = "frame-sample"
///
/// func perform(_ run: ToolRun) throws {
///     try run.forEachRecord(in: inputs.inputs) { record, _ in try run.output.write(record) }
/// }
/// ```
public final class ToolRun: Sendable {
    /// The tool's name, as in its messages.
    public let name: String
    /// Errors and warnings, and the first error's kind of failure.
    public let diagnostics: Diagnostics
    /// The records going to stdout.
    public let output: RecordWriter
    /// Progress on stderr.
    public let progress: Progress
    /// Stop at the first malformed line.
    public let strict: Bool
    /// The bound on an input line's length.
    public let maximumLineLength: Int

    /// A run of `name`; `output` and `errors` default to stdout and stderr.
    public init(name: String, strict: Bool = false, forceProgress: Bool = false, quiet: Bool = false,
                verbose: Bool = false, output: Int32 = 1, errors: Int32 = 2,
                maximumLineLength: Int = LineReader.defaultMaximumLength) {
        self.name = name
        diagnostics = Diagnostics(tool: name, quiet: quiet, verbose: verbose, descriptor: errors)
        self.output = RecordWriter(descriptor: output)
        progress = Progress(tool: name, forced: forceProgress, quiet: quiet, descriptor: errors)
        self.strict = strict
        self.maximumLineLength = maximumLineLength
    }

    /// Calls `body` with every record of `inputs` in order (stdin when empty; `-` is stdin),
    /// as soon as each line arrives. Malformed lines are reported as `FILE:LINE: what` and
    /// skipped (`badInput`), or end the run with `--strict`; a missing input is reported
    /// (`missingInput`) and the next one read.
    public func forEachRecord(in inputs: [String], _ body: (Record) throws -> Void) throws {
        try forEachRecord(in: inputs) { record, _ in try body(record) }
    }

    /// Calls `body` with every record of `inputs` and its place (`FILE:LINE`, `stdin:LINE`),
    /// as `forEachRecord(in:_:)` does. A `NumberRangeError` thrown by `body` (a field out of
    /// range) is reported at the record's place as bad data and the record skipped (with
    /// `--strict` the run ends).
    public func forEachRecord(in inputs: [String], _ body: (Record, String) throws -> Void) throws {
        var count = 0
        for input in inputs.isEmpty ? ["-"] : inputs {
            try forEachLine(of: input) { line, number in
                let place = "\(input == "-" ? "stdin" : input):\(number)"
                let record: Record
                do {
                    record = try Record.parse(line: line)
                } catch let error as JSONSyntaxError {
                    try malformed("not valid JSON: \(error)", at: place)
                    return
                } catch {
                    try malformed("\(error)", at: place)
                    return
                }
                count += 1
                progress.records(count)
                do {
                    try body(record, place)
                } catch let error as NumberRangeError {
                    try malformed("\(error)", at: place)
                }
            }
        }
    }

    /// Calls `body` with every non-blank line of one input and its number. Blank lines are
    /// skipped; over-long lines are reported as malformed.
    public func forEachLine(of input: String, _ body: ([UInt8], Int) throws -> Void) throws {
        let name = input == "-" ? "stdin" : input
        let descriptor: Int32
        if input == "-" {
            descriptor = 0
        } else {
            descriptor = open(input, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                diagnostics.error(String(cString: strerror(errno)), at: name, failure: .missingInput)
                return
            }
        }
        defer {
            if descriptor != 0 { close(descriptor) }
        }
        let reader = LineReader(descriptor: descriptor, maximumLength: maximumLineLength)
        while true {
            let line: InputLine?
            do {
                line = try reader.next()
            } catch {
                let failure: FailureKind = error.code == EISDIR ? .missingInput : .ioFailed
                diagnostics.error("cannot read: \(error)", at: name, failure: failure)
                return
            }
            guard let line else {
                return
            }
            switch line {
            case .tooLong(let number, let length):
                try malformed("line of \(length) bytes is longer than the limit of \(maximumLineLength)",
                              at: "\(name):\(number)")
            case .text(let bytes, let number):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    continue
                }
                try body(bytes, number)
            }
        }
    }

    /// Reports a malformed line (`badInput`); with `--strict` ends the run.
    public func malformed(_ reason: String, at place: String) throws {
        diagnostics.error(reason, at: place, failure: .badInput)
        if strict {
            throw StopRun()
        }
    }
}

/// Ends a run early after its reason was reported (e.g. `--strict`).
public struct StopRun: Error, Sendable {
    public init() {}
}
