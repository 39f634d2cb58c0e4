import ArgumentParser
import Glibc
import ReelCore

extension ParsableCommand {
    /// Parses the command line and runs the command as a reel tool: a usage error is one line
    /// on stderr, `tool: where: what` (the option in question, or `command line`), and exit
    /// status 64, instead of ArgumentParser's `Error: ...` and usage screen; `--help` prints
    /// the help on stdout. A tool's `static func main()` calls it:
    ///
    /// ```swift
    /// static func main() { runAsTool("frame-sample") }
    /// ```
    public static func runAsTool(_ name: String, arguments: [String]? = nil) {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let code as ExitCode {
            Glibc.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else {
                exit(withError: error)  // help, version: printed on stdout
            }
            let line = "\(name): \(usageMessage(for: error))\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
            Glibc.exit(code.rawValue)
        }
    }

    /// `where: what` for a usage error: messages naming their option first (`--every: ...`)
    /// keep it as the place, others are placed on the `command line`.
    static func usageMessage(for error: Error) -> String {
        let message = message(for: error)
            .split(whereSeparator: \.isNewline).map { $0.trimmingWhitespace }.filter { !$0.isEmpty }
            .joined(separator: "; ")
        let text = message.isEmpty ? "\(error)" : message
        return text.hasPrefix("-") ? text : "command line: \(text)"
    }
}

extension Substring {
    var trimmingWhitespace: String { String(self).trimmingWhitespace }
}

/// A reel tool's command (or subcommand): the options every tool shares and what a run does.
///
/// `run()` is given, the same for every tool: it sets up the run's conventions
/// (`ToolRun.perform`), calls `perform(_:)`, and ends with the run's exit status.
///
/// ```swift
/// struct FrameSample: ToolCommand {
///     static let toolName = "frame-sample"
///     @OptionGroup var conventions: ConventionOptions
///     func perform(_ run: ToolRun) throws { ... }
/// }
/// ```
public protocol ToolCommand: ParsableCommand {
    /// The name its messages begin with: `frame-sample`, `digit-classify train`.
    static var toolName: String { get }
    /// The options every tool shares.
    var conventions: ConventionOptions { get }
    /// Whether the records go to stdout; false when an output named `-` takes it instead.
    var recordsOnStdout: Bool { get }
    /// What a run does, with the conventions in place.
    func perform(_ run: ToolRun) throws
}

extension ToolCommand {
    public var recordsOnStdout: Bool { true }

    public mutating func run() throws {
        try ToolRun.perform(Self.toolName, options: conventions, recordsOnStdout: recordsOnStdout, perform)
    }
}
