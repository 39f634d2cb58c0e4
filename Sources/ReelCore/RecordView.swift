/// A typed view of one kind of record (`segment`, `frame`, `event`, ...): its fields read and
/// written in one place, by the names reel-records(5) gives them; the fields it does not know
/// stay in the record as they came, in their order.
///
/// ```swift
/// guard let segment = SegmentRecord(record), let path = segment.path else { return }
/// let start = try segment.start          // checked: a stream time, or NumberRangeError
/// ```
public protocol RecordView: Sendable {
    /// The field names the view reads or writes, as the records spell them.
    associatedtype Field: RawRepresentable, CaseIterable, Sendable where Field.RawValue == String

    /// The record's `type`.
    static var type: String { get }

    /// The whole record, with the fields the view does not know.
    var record: Record { get }

    /// The view of `record`, which has the view's `type`.
    init(unchecked record: Record)
}

extension RecordView {
    /// The view of `record`; nil when it is another kind of record.
    public init?(_ record: Record) {
        guard record.type == Self.type else { return nil }
        self.init(unchecked: record)
    }

    /// Every field name the view knows, in the order the records write them.
    public static var fieldNames: [String] { Field.allCases.map(\.rawValue) }
}

extension Record {
    /// A field by a view's name for it.
    public subscript<Field: RawRepresentable>(field: Field) -> JSONValue? where Field.RawValue == String {
        get { self[field.rawValue] }
        set { self[field.rawValue] = newValue }
    }
}
