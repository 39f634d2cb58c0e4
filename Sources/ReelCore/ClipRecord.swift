/// A `clip` record: one clip file (clip-cut writes it; compile-clips reads it with the fields an
/// editor sets, and those that credit it and place it in its VOD; clip-review sets an editor's
/// edits on it). reel-records(5), CLIP. The other fields of clips found on Twitch and kept in a
/// bin (clip-find, clip-bin, clip-review) are still read and written by name in ReelClipBin and
/// ReelTwitch.
public struct ClipRecord: RecordView, Equatable {
    /// The fields: clip-cut's, in the order it writes them, then those compile-clips honours,
    /// then the Twitch fields it reads (the channel as Helix names it, where the clip is in its VOD),
    /// then those clip-review export adds.
    public enum Field: String, CaseIterable, Sendable {
        case path, source, start, end, duration, method, skipped, clipped, event
        case id, keep
        case trimStart = "trim_start"
        case trimEnd = "trim_end"
        case volume, title, channel, url
        case broadcasterName = "broadcaster_name"
        case videoID = "video_id"
        case vodOffset = "vod_offset"
        case reviewed
        case reviewedBy = "reviewed_by"
        case reviewedAt = "reviewed_at"
    }

    public static let type = "clip"
    public private(set) var record: Record

    public init(unchecked record: Record) {
        self.record = record
    }

    /// A clip clip-cut made: `skipped` only when some stream time was cut out, `clipped` only
    /// when true; the event that asked for it last.
    public init(path: String, source: String, start: Double, end: Double, duration: Double, method: String,
                skipped: [ClosedRange<Double>], clipped: Bool, event: Record) {
        var record = Record(type: Self.type)
        record[Field.path] = .string(path)
        record[Field.source] = .string(source)
        record[Field.start] = JSONValue(start)
        record[Field.end] = JSONValue(end)
        record[Field.duration] = JSONValue(duration)
        record[Field.method] = .string(method)
        if !skipped.isEmpty {
            record[Field.skipped] = .array(skipped.map { .array([JSONValue($0.lowerBound), JSONValue($0.upperBound)]) })
        }
        if clipped {
            record[Field.clipped] = .bool(true)
        }
        record[Field.event] = .object(event.object)
        self.record = record
    }

    /// The clip file, when the record has one.
    public var path: String? { record[Field.path]?.stringValue }

    /// Its id (a Twitch slug, or `cut-...` in a bin).
    public var id: String? { record[Field.id]?.stringValue }

    /// Its title, when it has one.
    public var title: String? { record[Field.title]?.stringValue }

    /// What it was cut from (clip-cut's), when a string.
    public var source: String? { record[Field.source]?.stringValue }

    /// The stream time it starts at, when a number (unchecked).
    public var start: Double? { record[Field.start]?.doubleValue }

    /// The stream time it ends at, when a number (unchecked).
    public var end: Double? { record[Field.end]?.doubleValue }

    /// Its length in seconds, when a number (unchecked).
    public var duration: Double? { record[Field.duration]?.doubleValue }

    /// The channel it is from: `channel`, else `broadcaster_name` (as Helix names it), when a
    /// non-empty string.
    public var channel: String? {
        if let channel = record[Field.channel]?.stringValue, !channel.isEmpty { return channel }
        if let name = record[Field.broadcasterName]?.stringValue, !name.isEmpty { return name }
        return nil
    }

    /// Its link (a Twitch clip's page), when a non-empty string.
    public var url: String? { record[Field.url]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } }

    /// The Twitch VOD it is part of, when a string.
    public var videoID: String? { record[Field.videoID]?.stringValue }

    /// Where it starts in that VOD, in seconds, when a number (unchecked).
    public var vodOffset: Double? { record[Field.vodOffset]?.doubleValue }

    /// False only when an editor set `keep` to false.
    public var isKept: Bool { record[Field.keep]?.boolValue != false }

    /// Seconds to cut from its start, checked: nil when absent, `NumberRangeError` when not 0 to 1e9.
    public var trimStart: Double? {
        get throws(NumberRangeError) { try record.number(Field.trimStart.rawValue, in: 0...NumberLimits.seconds, unit: "s") }
    }

    /// Seconds to cut from its end, checked as `trimStart` is.
    public var trimEnd: Double? {
        get throws(NumberRangeError) { try record.number(Field.trimEnd.rawValue, in: 0...NumberLimits.seconds, unit: "s") }
    }

    /// Its sound's factor, checked: nil when absent, `NumberRangeError` when not 0 to `maximum`.
    public func volume(upTo maximum: Double) throws(NumberRangeError) -> Double? {
        try record.number(Field.volume.rawValue, in: 0...maximum)
    }
}
