/// A `compilation` record: one video made of clips (compile-clips writes it; hook-post and
/// records-pub carry it on by its `path`). reel-records(5), COMPILATION.
public struct CompilationRecord: RecordView, Equatable {
    /// The fields, in the order compile-clips writes them.
    public enum Field: String, CaseIterable, Sendable {
        case path, duration, clips, method, credits
    }

    public static let type = "compilation"
    public private(set) var record: Record

    public init(unchecked record: Record) {
        self.record = record
    }

    /// A compilation compile-clips made: `clips` the paths of the clips used, in order;
    /// `credits` only when a credits file was written.
    package init(path: String, duration: Double, clips: [String], method: String, credits: String?) {
        var record = Record(type: Self.type)
        record[Field.path] = .string(path)
        record[Field.duration] = JSONValue(duration)
        record[Field.clips] = .array(clips.map(JSONValue.string))
        record[Field.method] = .string(method)
        if let credits { record[Field.credits] = .string(credits) }
        self.record = record
    }

    /// The video file, when the record has one.
    public var path: String? { record[Field.path]?.stringValue }

    /// Its length in seconds, when a number.
    public var duration: Double? { record[Field.duration]?.doubleValue }

    /// The paths of the clips used, in order (those that are strings).
    public var clips: [String] { record[Field.clips]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// How the clips were joined (`copy` or `normalised`), when said.
    public var method: String? { record[Field.method]?.stringValue }

    /// The credits file, when one was written.
    public var credits: String? { record[Field.credits]?.stringValue }
}
