import Foundation
import Glibc

/// Progress lines on stderr: shown when stderr is a terminal (or when forced), at most a few
/// times a second, never mixed into stdout.
public final class Progress: @unchecked Sendable {
    /// Whether anything is shown.
    public let isEnabled: Bool
    private let descriptor: Int32
    private let interactive: Bool
    private let lock = NSLock()
    private var lastShown = 0.0
    private var shownSomething = false

    /// Progress for a run: `forced` (--progress) shows it anywhere, `quiet` (--quiet) never.
    public init(forced: Bool, quiet: Bool, descriptor: Int32 = 2) {
        self.descriptor = descriptor
        interactive = isatty(descriptor) == 1
        isEnabled = !quiet && (forced || interactive)
    }

    /// Shows `message` unless the last one was under 0.25 s ago.
    public func update(_ message: @autoclosure () -> String) {
        guard isEnabled else {
            return
        }
        let now = ProcessInfo.processInfo.systemUptime
        lock.withLock {
            guard now - lastShown >= 0.25 else {
                return
            }
            lastShown = now
            shownSomething = true
            // On a terminal the line is redrawn in place; elsewhere (a log) each is a line.
            let text = interactive ? "\r\u{1B}[K" + message() : message() + "\n"
            _ = writeAll(descriptor, Array(text.utf8))
        }
    }

    /// Ends the progress display (a newline after an in-place line).
    public func finish() {
        guard isEnabled else {
            return
        }
        lock.withLock {
            if interactive && shownSomething {
                _ = writeAll(descriptor, [0x0A])
            }
            shownSomething = false
        }
    }
}
