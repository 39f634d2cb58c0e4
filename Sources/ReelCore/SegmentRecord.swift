/// A `segment` record: one downloaded media segment (hls-fetch writes it; frame-sample and
/// clip-cut read it). reel-records(5), SEGMENT.
public struct SegmentRecord: RecordView, Equatable {
    /// The fields, in the order hls-fetch writes them.
    public enum Field: String, CaseIterable, Sendable {
        case seq, url, path, start, duration, bytes, discontinuity, at, ad, muted, variant, resumed
    }

    public static let type = "segment"
    public private(set) var record: Record

    public init(unchecked record: Record) {
        self.record = record
    }

    /// A new segment record; flags that are false and values that are nil are left out, as are
    /// `path` and `bytes` for a skipped advertisement.
    public init(sequence: Int, url: String, path: String?, start: Double, duration: Double, bytes: Int,
                discontinuity: Bool = false, at: String? = nil, isAdvertisement: Bool = false, isMuted: Bool = false,
                variant: String? = nil, wasResumed: Bool = false) {
        var record = Record(type: Self.type)
        record[Field.seq] = JSONValue(sequence)
        record[Field.url] = .string(url)
        if let path { record[Field.path] = .string(path) }
        record[Field.start] = JSONValue(start)
        record[Field.duration] = JSONValue(duration)
        if path != nil { record[Field.bytes] = JSONValue(bytes) }
        if discontinuity { record[Field.discontinuity] = true }
        if let at { record[Field.at] = .string(at) }
        if isAdvertisement { record[Field.ad] = true }
        if isMuted { record[Field.muted] = true }
        if let variant { record[Field.variant] = .string(variant) }
        if wasResumed { record[Field.resumed] = true }
        self.record = record
    }

    /// The local file; nil for a skipped advertisement (or a record without one).
    public var path: String? { record[Field.path]?.stringValue }

    /// The stream time of its first frame, checked: nil when absent, `NumberRangeError` when
    /// not a stream time (-1e9 to 1e9 s).
    public var start: Double? {
        get throws(NumberRangeError) { try record[Field.start]?.seconds(Field.start.rawValue) }
    }

    /// Its duration, checked: nil when absent, `NumberRangeError` when not 0 to a day.
    public var duration: Double? {
        get throws(NumberRangeError) {
            try record[Field.duration]?.number(Field.duration.rawValue, in: 0...NumberLimits.plausibleJump, unit: "s")
        }
    }

    /// Whether a discontinuity precedes it (timestamps inside restart).
    public var discontinuity: Bool { record[Field.discontinuity]?.boolValue ?? false }

    /// An advertisement hls-fetch skipped: marked `ad`, no file. Tools that read segments pass
    /// it on without looking for a file.
    public var isSkippedAdvertisement: Bool {
        path == nil && record[Field.ad]?.boolValue == true
    }
}
