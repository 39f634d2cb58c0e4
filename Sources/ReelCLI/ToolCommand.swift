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
