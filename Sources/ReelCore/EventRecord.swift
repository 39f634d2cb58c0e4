/// An `event` record: a moment or span worth a clip (event-detect writes it; clip-cut reads
/// its kind and window, hook-post and clip-cut's `--name` any field by name). reel-records(5),
/// EVENT. Each kind is written by its initialiser (`EventRecord+BattleRoyale.swift`,
/// `EventRecord+Football.swift`) in the order `Kind.fields` gives.
public struct EventRecord: RecordView, Equatable {
    /// The fields: `kind`, then each kind's as reel-records(5) tells them (a match's, a kill's,
    /// a goal's, a period's), then `clip`, which any event may carry.
    public enum Field: String, CaseIterable, Sendable {
        case kind
        case start, end, kills, placement, died, confidence, partial
        case t, value
        case team, score
        case label
        case clip
    }

    /// The kinds event-detect writes (other tools may write others: `kind` is read as text).
    public enum Kind: String, CaseIterable, Sendable {
        case match, kill, goal, period

        /// The fields after `kind` an event of this kind may have, in the order they are written.
        public var fields: [Field] {
            switch self {
            case .match: [.start, .end, .kills, .placement, .died, .confidence, .partial, .clip]
            case .kill: [.t, .value, .clip]
            case .goal: [.t, .team, .score, .clip, .confidence]
            case .period: [.t, .label, .end]
            }
        }
    }

    public static let type = "event"
    public private(set) var record: Record

    public init(unchecked record: Record) {
        self.record = record
    }

    /// A new event of `kind`, with `kind` its first field after `type`.
    init(kind: Kind) {
        var record = Record(type: Self.type)
        record[Field.kind] = .string(kind.rawValue)
        self.record = record
    }

    /// Sets `field` (in place when it is there, else after the others).
    mutating func set(_ field: Field, _ value: JSONValue) {
        record[field] = value
    }

    /// Sets `field` to `seconds` rounded to milliseconds, as events give times.
    mutating func setTime(_ field: Field, _ seconds: Double) {
        record[field] = Self.time(seconds)
    }

    /// Sets `clip` to the window from `start` (0 at least) to `end`, rounded to milliseconds.
    mutating func setClip(start: Double, end: Double) {
        record[Field.clip] = [Field.start.rawValue: Self.time(max(0, start)), Field.end.rawValue: Self.time(end)]
    }

    /// Seconds rounded to milliseconds.
    static func time(_ seconds: Double) -> JSONValue {
        JSONValue((seconds * 1000).rounded() / 1000)
    }

    /// Its `kind` as written (`match`, `goal`, or a kind of another tool), nil when it has none.
    public var kind: String? { record[Field.kind]?.stringValue }

    /// Its moment `t`, checked: nil when absent, `NumberRangeError` when not a stream time
    /// (-1e9 to 1e9 s).
    public var t: Double? {
        get throws(NumberRangeError) { try record[Field.t]?.seconds(Field.t.rawValue) }
    }

    /// Its `start` (a match's), checked as `t` is.
    public var start: Double? {
        get throws(NumberRangeError) { try record[Field.start]?.seconds(Field.start.rawValue) }
    }

    /// Its `end` (a match's, a period's), checked as `t` is.
    public var end: Double? {
        get throws(NumberRangeError) { try record[Field.end]?.seconds(Field.end.rawValue) }
    }

    /// The start of the window its `clip` gives, checked as `t` is (named `clip.start`); nil
    /// when `clip` is not an object with a number `start`.
    public var clipStart: Double? {
        get throws(NumberRangeError) { try clipBound(Field.start) }
    }

    /// The end of the window its `clip` gives, checked as `clipStart` is.
    public var clipEnd: Double? {
        get throws(NumberRangeError) { try clipBound(Field.end) }
    }

    private func clipBound(_ bound: Field) throws(NumberRangeError) -> Double? {
        let name = Field.clip.rawValue + "." + bound.rawValue
        return try record[Field.clip]?.objectValue?[bound.rawValue]?.seconds(name)
    }

    /// Where a message about this event points: "goal event at 5 s" (its `t`, else its `start`,
    /// when a finite number; unchecked).
    public var place: String {
        let kind = kind.map { "\($0) event" } ?? "event"
        guard let time = record[Field.t]?.doubleValue ?? record[Field.start]?.doubleValue, time.isFinite else { return kind }
        return "\(kind) at \(RecordTemplate.shortest(time)) s"
    }
}
