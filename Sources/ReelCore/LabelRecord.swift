/// A `label` record: what a person labelled, the value a counter shows from a moment on
/// (digit-classify label's page writes it, in its script; digit-classify dataset and evaluate
/// read it through `CounterLabels`). reel-records(5), LABEL.
public struct LabelRecord: RecordView, Equatable {
    /// The fields, in the order the label page writes them.
    public enum Field: String, CaseIterable, Sendable {
        case t, value, source
    }

    public static let type = "label"
    public private(set) var record: Record

    public init(unchecked record: Record) {
        self.record = record
    }

    /// The stream time `t` from which the value shows: nil unless a finite number from 0 to a
    /// year of seconds (as a frame's `t`).
    public var time: Double? {
        guard let t = record.number(Field.t.rawValue), (0...31_622_400).contains(t) else { return nil }
        return t
    }

    /// The `value` as written: a number, an array of numbers, `null`, or anything else.
    public var value: JSONValue? { record[Field.value] }

    /// The `value` as a count: nil unless a whole number from 0 to 999 999.
    public var count: Int? { record.integer(Field.value.rawValue, in: 0...999_999) }

    /// The video it is for, when labels of several share a file.
    public var source: String? { record[Field.source]?.stringValue }
}
