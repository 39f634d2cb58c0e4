import Foundation
import Glibc
import Synchronization

/// Progress lines on stderr, one style for every tool: what, how far of how much, the rate and
/// the time left, redrawn in place at most four times a second, and a last line that is true.
///
/// Shown only on a terminal (or when forced with `--progress`, then one line each time), and in
/// a pipeline only by one stage, so the stages' lines never fight: the one named by
/// `REEL_PROGRESS` (a tool's name; `none` for no stage), else each stage whose stdin is not a
/// pipe (the first of a pipeline). Records go to stdout, never mixed with it.
///
/// A tool says how far it is with `update(_:of:unit:detail:)` (or a free `update(_:)`); a tool
/// that says nothing shows the records it read (`ToolRun` counts them).
public final class Progress: Sendable {
    /// Whether anything is shown.
    public let isEnabled: Bool
    private let tool: String
    private let descriptor: Int32
    private let interactive: Bool
    private let state: Mutex<State>

    private struct State {
        var started: Double
        var lastShown = -1.0
        var shownSomething = false
        /// The last thing said, drawn again (untrimmed) by `finish`.
        var last: Step?
        /// Whether the tool says its own progress (record counts are then not shown).
        var toolSpeaks = false
    }

    /// One state of progress.
    private enum Step {
        case message(String)
        case amount(done: Double, total: Double?, unit: String, detail: String)
    }

    /// Progress for a run of `tool`: `forced` (--progress) shows it anywhere, `quiet` (--quiet)
    /// never; `environment` and `stdinIsPipe` decide which stage of a pipeline draws.
    public init(tool: String = "", forced: Bool, quiet: Bool, descriptor: Int32 = 2,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                stdinIsPipe: Bool = Progress.isPipe(0)) {
        self.tool = tool
        self.descriptor = descriptor
        interactive = isatty(descriptor) == 1
        let drawsHere: Bool
        if let named = environment["REEL_PROGRESS"], !named.isEmpty {
            drawsHere = named == tool
        } else {
            drawsHere = !stdinIsPipe
        }
        isEnabled = !quiet && (forced || (interactive && drawsHere))
        state = Mutex(State(started: ProcessInfo.processInfo.systemUptime))
    }

    /// Whether a descriptor is a pipe or a socket (a stage's stdin in a pipeline).
    public static func isPipe(_ descriptor: Int32) -> Bool {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return false }
        let kind = status.st_mode & S_IFMT
        return kind == S_IFIFO || kind == S_IFSOCK
    }

    /// Shows `message` as it is (after the tool's name when it does not start with it).
    public func update(_ message: @autoclosure () -> String) {
        guard isEnabled else { return }
        show(.message(message()), fromTool: true)
    }

    /// Shows how far the run is: `done` of `total` (nil: not known) `unit`s, with the rate since
    /// the start and, with a total, the percentage and the time left; `detail` after them.
    public func update(_ done: Double, of total: Double? = nil, unit: String, detail: @autoclosure () -> String = "") {
        guard isEnabled else { return }
        show(.amount(done: done, total: total, unit: unit, detail: detail()), fromTool: true)
    }

    /// Counts the records read, shown when the tool says nothing of its own.
    public func records(_ count: Int) {
        guard isEnabled else { return }
        show(.amount(done: Double(count), total: nil, unit: "records", detail: ""), fromTool: false)
    }

    /// Ends the display: the last state drawn again, with the time it took, and a newline.
    public func finish() {
        guard isEnabled else { return }
        state.withLock { state in
            guard let last = state.last else { return }
            let elapsed = ProcessInfo.processInfo.systemUptime - state.started
            let text = render(last, elapsed: elapsed, final: true)
            _ = writeAll(descriptor, Array((interactive ? "\r\u{1B}[K" + text + "\n" : text + "\n").utf8))
            state.shownSomething = false
            state.last = nil
        }
    }

    private func show(_ step: Step, fromTool: Bool) {
        let now = ProcessInfo.processInfo.systemUptime
        state.withLock { state in
            if fromTool {
                state.toolSpeaks = true
            } else if state.toolSpeaks {
                return
            }
            state.last = step
            guard now - state.lastShown >= 0.25 else { return }
            state.lastShown = now
            state.shownSomething = true
            let text = render(step, elapsed: now - state.started, final: false)
            // On a terminal the line is redrawn in place; elsewhere (a log) each is a line.
            _ = writeAll(descriptor, Array((interactive ? "\r\u{1B}[K" + text : text + "\n").utf8))
        }
    }

    /// The line for a step: `tool: 312 of 600 s (52%), 95 s/s, 0:03 left, 156 frames`; the
    /// final one `tool: 600 of 600 s (100%) in 6.3 s, 95 s/s, 300 frames`.
    private func render(_ step: Step, elapsed: Double, final: Bool) -> String {
        let name = tool.isEmpty ? "" : tool + ": "
        switch step {
        case .message(let message):
            let text = message.hasPrefix(name) ? String(message.dropFirst(name.count)) : message
            return name + text + (final ? " in " + Self.duration(elapsed) : "")
        case .amount(let done, let total, let unit, let detail):
            var parts: [String] = []
            var head = Self.amount(done)
            if let total, total > 0, total.isFinite {
                head += " of \(Self.amount(total)) \(unit) (\(Int(saturating: min(1, max(0, done / total)) * 100, rounding: .down))%)"
            } else {
                head += " " + unit
            }
            if final { head += " in " + Self.duration(elapsed) }
            parts.append(head)
            if elapsed >= 0.5, done > 0 {
                let rate = done / elapsed
                parts.append("\(Self.amount(rate))" + (unit == "records" ? "/s" : " \(unit)/s"))
                if !final, let total, total > done, rate > 0 {
                    parts.append(Self.clock((total - done) / rate) + " left")
                }
            }
            if !detail.isEmpty { parts.append(detail) }
            return name + parts.joined(separator: ", ")
        }
    }

    /// A number as a person reads it: whole from 100 up, one decimal under.
    public static func amount(_ value: Double) -> String {
        guard value.isFinite else { return "?" }
        if abs(value) >= 100 || value == value.rounded() { return String(Int64(saturating: value)) }
        return String(format: "%.1f", value)
    }

    /// Seconds as `6.3 s`, `2:05` or `1:02:05`.
    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.1f s", max(0, seconds)) : clock(seconds)
    }

    /// Seconds as `0:03`, `2:05` or `1:02:05`.
    static func clock(_ seconds: Double) -> String {
        let whole = Int64(saturating: max(0, seconds), rounding: .up)
        let hours = whole / 3600, minutes = whole / 60 % 60, rest = whole % 60
        let two = { (value: Int64) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
    }
}
