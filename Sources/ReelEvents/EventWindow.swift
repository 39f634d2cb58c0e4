import ReelCore

/// The span of stream time a clip of an event covers.
///
/// Taken from the event's `clip` object when it has one (event-detect's choice), else its
/// `start`/`end` (a match; a partial match lacks one bound, which then reaches to the edge of
/// the source), else its `t` with `before` seconds before and `after` after.
public struct EventWindow: Sendable, Equatable {
    public var start: Double
    /// nil: to the end of the source.
    public var end: Double?

    public init(start: Double, end: Double?) {
        self.start = start
        self.end = end
    }

    /// The window of `event`, or nil when it gives no time at all.
    ///
    /// - Throws: `NumberRangeError` for a time that is not a number of seconds from -1e9 to
    ///   1e9 (`clip.start` of 1e300, say): checked here, where the times enter.
    public init?(event: Record, before: Double, after: Double) throws(NumberRangeError) {
        let event = EventRecord(unchecked: event)
        if let start = try event.clipStart, let end = try event.clipEnd {
            self.init(start: max(0, start), end: end)
        } else if let start = try event.start {
            self.init(start: max(0, start), end: try event.end)
        } else if let end = try event.end {
            self.init(start: 0, end: end)
        } else if let t = try event.t {
            self.init(start: max(0, t - before), end: t + after)
        } else {
            return nil
        }
        guard start.isFinite, end.map({ $0.isFinite && $0 > start }) ?? true else { return nil }
    }
}
