import Foundation
import Glibc
import Synchronization

/// Writes `tool: where: what` messages to stderr and remembers the first error's kind of failure
/// (the command line ends the tool with the exit status it maps to).
///
/// Safe to use from several threads.
public final class Diagnostics: Sendable {
    /// The tool's name, the first part of every message.
    public let tool: String
    /// When true, warnings are not shown (errors always are).
    public let quiet: Bool
    /// When true (and not `quiet`), details are shown (`--verbose`).
    public let verbose: Bool
    private let descriptor: Int32
    /// The first error's kind of failure and the number of errors; its lock also keeps lines whole.
    private let state = Mutex((first: FailureKind?.none, errors: 0))

    /// Diagnostics for `tool`, written to `descriptor` (stderr by default).
    public init(tool: String, quiet: Bool = false, verbose: Bool = false, descriptor: Int32 = 2) {
        self.tool = tool
        self.quiet = quiet
        self.verbose = verbose && !quiet
        self.descriptor = descriptor
    }

    /// The kind of failure of the first error reported (nil when there was none).
    public var firstFailure: FailureKind? {
        state.withLock { $0.first }
    }

    /// The number of errors reported.
    public var errorCount: Int {
        state.withLock { $0.errors }
    }

    /// Reports an error and records its kind of failure (if it is the first).
    public func error(_ error: some LocatedError) {
        state.withLock { state in
            state.errors += 1
            if state.first == nil {
                state.first = error.failure
            }
        }
        write(error.description)
    }

    /// Reports an error at `location`.
    public func error(_ reason: String, at location: String? = nil, failure: FailureKind) {
        error(ToolError(reason, at: location, failure: failure))
    }

    /// Reports a warning (not shown with --quiet; not a failure: no effect on the exit status).
    public func warning(_ reason: String, at location: String? = nil) {
        guard !quiet else {
            return
        }
        write(location.map { "\($0): warning: \(reason)" } ?? "warning: \(reason)")
    }

    /// Reports a detail of what is being done, as `tool: where: what`: shown only with
    /// --verbose (and never with --quiet).
    public func detail(_ message: @autoclosure () -> String, at location: String? = nil) {
        guard verbose else {
            return
        }
        let text = message()
        write(location.map { "\($0): \(text)" } ?? text)
    }

    /// Reports what a run did, a summary line (not shown with --quiet).
    public func note(_ message: String) {
        guard !quiet, !message.isEmpty else {
            return
        }
        write(message)
    }

    /// Writes one line to stderr, prefixed with the tool's name.
    public func write(_ message: String) {
        let line = Array("\(tool): \(message)\n".utf8)
        state.withLock { _ in
            _ = writeAll(descriptor, line)
        }
    }
}

/// Writes every byte of `bytes` to `descriptor`, retrying after EINTR and short writes.
/// Returns the errno of a failed write, or 0.
@discardableResult
func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Int32 {
    bytes.withUnsafeBytes { buffer in
        guard let base = buffer.baseAddress else {
            return 0
        }
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }
}
