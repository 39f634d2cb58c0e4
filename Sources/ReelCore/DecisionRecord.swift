/// A `decision` record: one editor's decision on one clip, a line of a bin's `reviews.ndjson`
/// (clip-review serve writes it; clip-review reads the bin's decisions back to edit its clips).
/// reel-records(5), DECISION.
public struct DecisionRecord: RecordView, Equatable {
    /// The fields, in the order clip-review writes them: who decided on what and when, then
    /// the fields the decision changes (in the order the editor's page sent them).
    public enum Field: String, CaseIterable, Sendable {
        case id, by, at
        case keep
        case trimStart = "trim_start"
        case trimEnd = "trim_end"
        case volume, position
    }

    /// The range a number field of a decision must fall in; nil for the fields that are not numbers.
    public static func range(of field: Field) -> ClosedRange<Double>? {
        switch field {
        case .trimStart, .trimEnd: 0...NumberLimits.seconds
        case .volume: 0...10
        case .position: -1e9...1e9
        case .id, .by, .at, .keep: nil
        }
    }

    public static let type = "decision"
    public private(set) var record: Record

    public init(unchecked record: Record) {
        self.record = record
    }

    /// A decision on clip `id` by `editor` at `time` (ISO 8601), changing the fields of
    /// `changes`, in their order.
    package init(id: String, by editor: String, at time: String, changes: JSONObject) {
        var record = Record(type: Self.type)
        record[Field.id] = .string(id)
        record[Field.by] = .string(editor)
        record[Field.at] = .string(time)
        for member in changes { record[member.key] = member.value }
        self.record = record
    }

    /// The clip's id, when a string.
    public var id: String? { record[Field.id]?.stringValue }

    /// The editor, when a string.
    public var by: String? { record[Field.by]?.stringValue }

    /// When it was decided (ISO 8601), when a string.
    public var at: String? { record[Field.at]?.stringValue }

    /// What it does to `keep`: nil when it leaves it alone, `.some(nil)` when it clears it
    /// (null, or not a bool), else the value.
    public var keep: Bool?? { record[Field.keep].map(\.boolValue) }

    /// Seconds to cut from the clip's start, checked: nil when absent, `NumberRangeError` when
    /// out of `range(of:)`.
    public var trimStart: Double? {
        get throws(NumberRangeError) { try number(.trimStart) }
    }

    /// Seconds to cut from the clip's end, checked as `trimStart` is.
    public var trimEnd: Double? {
        get throws(NumberRangeError) { try number(.trimEnd) }
    }

    /// The clip's sound's factor, checked as `trimStart` is.
    public var volume: Double? {
        get throws(NumberRangeError) { try number(.volume) }
    }

    /// The clip's place in the compilation's order, checked as `trimStart` is.
    public var position: Double? {
        get throws(NumberRangeError) { try number(.position) }
    }

    /// A number field, checked against its range.
    private func number(_ field: Field) throws(NumberRangeError) -> Double? {
        guard let range = Self.range(of: field) else { return nil }
        return try record.number(field.rawValue, in: range)
    }
}
