import Foundation
import Glibc
import ReelCore

/// The editors' decisions on a bin's clips: `reviews.ndjson` in the bin, one `decision` record
/// a line, appended under the bin's lock and fsynced, never rewritten:
/// `{"type":"decision","id":CLIP,"by":EDITOR,"at":ISO-8601,"keep":true,"trim_start":1.5,...}`.
///
/// Each decision is keyed by the clip's id and says only what it changes; a clip's state is
/// its decisions folded in order (the latest value of each field wins), so two editors never
/// overwrite each other's other fields, and the file is the history: who decided what, when.
public struct ReviewLedger: Sendable {
    /// A clip's state: its edits and who last changed it, when.
    public struct State: Sendable, Equatable {
        public var keep: Bool?
        public var trimStart = 0.0
        public var trimEnd = 0.0
        public var volume = 1.0
        /// Its place in the compilation's order (smaller first; nil: the bin's order).
        public var position: Double?
        public var by: String?
        public var at: String?

        public init() {}
    }

    public let bin: ClipBin

    public init(bin: ClipBin) {
        self.bin = bin
    }

    public var path: String { bin.folder + "/reviews.ndjson" }

    /// A decision from hostile input (an HTTP body): only `keep` (true, false or null) and the
    /// numbers of a decision (`DecisionRecord.range(of:)`), each checked; anything else is an
    /// error naming it.
    public static func decision(from object: JSONObject) throws(ToolError) -> JSONObject {
        var decision = JSONObject()
        for member in object {
            let key = member.key, value = member.value
            let field = DecisionRecord.Field(rawValue: key)
            if field == .id { continue }
            if field == .keep {
                guard value.boolValue != nil || value == .null else { throw ToolError("keep must be true, false or null", at: key, failure: .badInput) }
                decision[key] = value
            } else if let range = field.flatMap(DecisionRecord.range(of:)) {
                do {
                    guard let number = try value.number(key, in: range) else {
                        throw ToolError("must be a number", at: key, failure: .badInput)
                    }
                    decision[key] = JSONValue(number)
                } catch let error as NumberRangeError {
                    throw ToolError("\(error)", at: "decision", failure: .badInput)
                } catch {
                    throw ToolError("must be a number", at: key, failure: .badInput)
                }
            } else {
                throw ToolError("not a field of a decision (keep, trim_start, trim_end, volume, position)", at: key, failure: .badInput)
            }
        }
        guard decision.count > 0 else { throw ToolError("a decision changes something", at: "decision", failure: .badInput) }
        return decision
    }

    /// Appends `decision` (from `decision(from:)`) on clip `id` by `editor`, now; returns the
    /// record written.
    @discardableResult
    public func record(_ decision: JSONObject, on id: String, by editor: String, at date: Date = Date()) throws -> Record {
        let record = DecisionRecord(id: id, by: editor, at: Self.timestamp(date), changes: decision).record
        let line = record.serialized() + [10]
        try bin.locked { () throws -> Void in
            let descriptor = try AtomicFile.openForUpdate(path, append: true)
            defer { close(descriptor) }
            let written = line.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard written == line.count, fsync(descriptor) == 0 else {
                throw ToolError("cannot append: \(String(cString: strerror(errno)))", at: path, failure: .ioFailed)
            }
        }
        return record
    }

    /// Every clip's state, by id.
    public func states() throws -> [String: State] {
        let bytes = try bin.locked { () throws -> [UInt8] in
            access(path, F_OK) == 0 ? try AtomicFile.read(path, limit: 1 << 30) : []
        }
        var states: [String: State] = [:]
        for line in bytes.split(separator: 10) {
            // A line cut short by a crash, or not a decision, is passed over.
            guard let record = try? Record.parse(line: line), let decision = DecisionRecord(record),
                  let id = decision.id else { continue }
            var state = states[id] ?? State()
            if let keep = decision.keep { state.keep = keep }
            if let value = try? decision.trimStart { state.trimStart = value }
            if let value = try? decision.trimEnd { state.trimEnd = value }
            if let value = try? decision.volume { state.volume = value }
            if let value = try? decision.position { state.position = value }
            state.by = decision.by
            state.at = decision.at
            states[id] = state
        }
        return states
    }

    /// An ISO 8601 time in UTC with milliseconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
